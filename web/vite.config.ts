// Builds the reader widget as ONE self-contained IIFE (dist/widget.js).
//
// The server embeds every file of dist/ into its binary and serves the widget
// under a content-hashed name behind the /embed.js loader, so the bundle must
// not depend on its own file name: no code splitting, no separate CSS file
// (styles are imported with `?inline` and injected into each Shadow DOM), no
// assets referenced by URL.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/widget/main.tsx',
      name: 'Townhall',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
    rollupOptions: {
      output: {
        inlineDynamicImports: true,
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
