// Fails when the widget's JavaScript and CSS in dist/ exceed the budget,
// measured gzipped (level 9, as the server serves them). Prints every file
// and the total.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 35 * 1024;
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

let total = 0;
let counted = 0;
for (const file of files.sort()) {
  const raw = readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  const isWidget = /\.(m?js|css)$/.test(file);
  if (isWidget) {
    total += gzipped;
    counted += 1;
  }
  const note = isWidget ? '' : ' (not counted)';
  console.log(`${relative(dist, file).padEnd(24)} ${String(raw.length).padStart(8)} B  ${(gzipped / 1024).toFixed(2).padStart(7)} KB gzipped${note}`);
}
if (counted === 0) {
  console.error('size: no .js or .css file in dist/');
  process.exit(1);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`widget JS+CSS: ${(total / 1024).toFixed(2)} KB gzipped (${verdict} the ${BUDGET_BYTES / 1024} KB budget)`);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
