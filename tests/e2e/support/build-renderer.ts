// Builds the renderer (out/renderer) with the renderer section of electron.config.ts, but only when a
// source file is newer than the last build: the e2e suites share one build per test run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { repoRoot } from '../../support/paths';

const rendererOut = join(repoRoot, 'out', 'renderer');
const sources = [join(repoRoot, 'src-renderer'), join(repoRoot, 'src-main', 'contract'), join(repoRoot, 'electron.config.ts')];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function rendererIsStale(): boolean {
  const index = join(rendererOut, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

export async function ensureRendererBuilt(): Promise<void> {
  if (!rendererIsStale()) return;
  const config = (await import('../../../electron.config')).default as unknown as { renderer: InlineConfig };
  // electron-vite serves the renderer from file:// in Electron; relative asset URLs work there and over HTTP.
  await build({ ...config.renderer, configFile: false, base: './', logLevel: 'warn' });
}
