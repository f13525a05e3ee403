// Fails when a bundle's JavaScript and CSS in dist/ exceed its budget,
// measured gzipped (level 9, as the server serves them). Prints every file
// and each bundle's total. The widget, loaded on every article page, has a
// tight budget; the moderation dashboard, used by staff, a generous one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUNDLES = [
  { name: 'widget', prefix: 'widget', budget: 35 * 1024 },
  { name: 'dashboard', prefix: 'dashboard', budget: 80 * 1024 },
];
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let files;
try {
  files = walk(dist);
} catch {
  console.error('size: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const totals = new Map(BUNDLES.map((b) => [b.name, { total: 0, counted: 0 }]));
for (const file of files.sort()) {
  const raw = readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  const bundle = /\.(m?js|css)$/.test(file) ? BUNDLES.find((b) => basename(file).startsWith(b.prefix)) : undefined;
  if (bundle) {
    const t = totals.get(bundle.name);
    t.total += gzipped;
    t.counted += 1;
  }
  const note = bundle ? ` (${bundle.name})` : ' (not counted)';
  console.log(`${relative(dist, file).padEnd(24)} ${String(raw.length).padStart(8)} B  ${(gzipped / 1024).toFixed(2).padStart(7)} KB gzipped${note}`);
}

let ok = true;
for (const bundle of BUNDLES) {
  const { total, counted } = totals.get(bundle.name);
  if (counted === 0) {
    console.error(`size: no ${bundle.name} .js or .css file in dist/`);
    ok = false;
    continue;
  }
  const within = total <= bundle.budget;
  ok &&= within;
  console.log(`${bundle.name} JS+CSS: ${(total / 1024).toFixed(2)} KB gzipped (${within ? 'within' : 'OVER'} the ${bundle.budget / 1024} KB budget)`);
}
process.exit(ok ? 0 : 1);
