// `npm run bench [area...]`: speed goals, measured as ratios in one run. Not part of the tests.
// Each area is a module in scripts/bench/<area>.ts exporting `run(): Promise<void>`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = join(import.meta.dirname, 'bench');
const available = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const areas = wanted.length ? wanted : available;
for (const area of areas) {
  if (!available.includes(area)) {
    console.error(`unknown bench area "${area}" (have: ${available.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== bench: ${area}`);
  const mod = (await import(pathToFileURL(join(dir, `${area}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
