// Builds the app (electron-vite: main, preload, renderer) when out/ is missing or older than any source.
// Used by `npm start` and `npm run web` so a fresh clone works with one command.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

export function buildIfStale({ force = false } = {}) {
  const marker = join(root, 'out', 'renderer', 'index.html');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = Math.max(...['src-renderer', 'src-main', 'electron.config.ts', 'package.json', 'svelte.config.js']
    .map((p) => newestMtime(join(root, p))));
  if (!force && built > 0 && built >= sources) return;
  process.stdout.write(built ? 'Sources changed: rebuilding the app…\n' : 'Building the app (first run)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--config', 'electron.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('error: the build failed (see above). Run "npm run build" to see it again.\n');
    process.exit(r.status ?? 1);
  }
}
