// Builds the moderation dashboard as one IIFE (dist/dashboard.js) and one
// stylesheet (dist/dashboard.css), beside the widget in the same dist/.
//
// The server's /moderate page loads both under their content-hashed names
// with a strict Content-Security-Policy (no inline script or style), so the
// CSS is a file of its own rather than injected. The widget's build empties
// dist/ first; this one must not.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: false,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/dashboard/main.tsx',
      name: 'TownhallDashboard',
      formats: ['iife'],
      fileName: () => 'dashboard.js',
      cssFileName: 'dashboard',
    },
    rollupOptions: {
      output: {
        inlineDynamicImports: true,
      },
    },
  },
});
