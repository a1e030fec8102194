// Builds the renderer (out/renderer) with the renderer section of electron.config.ts, but only when a
// source file is newer than the last build: the e2e suites share one build per test run.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/**
 * Test files run in parallel workers: one builds while the others wait on a lock directory, then find
 * the build fresh (a second build would empty out/renderer under a server that is serving it).
 */
async function withBuildLock(fn: () => Promise<void>): Promise<void> {
  const lock = join(repoRoot, 'out', '.renderer-build.lock');
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after two minutes (a build takes seconds).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function ensureRendererBuilt(): Promise<void> {
  if (!rendererIsStale()) return;
  await withBuildLock(async () => {
    if (!rendererIsStale()) return; // another worker built it while this one waited
    const config = (await import('../../../electron.config')).default as unknown as { renderer: InlineConfig };
    // electron-vite serves the renderer from file:// in Electron; relative asset URLs work there and over HTTP.
    await build({ ...config.renderer, configFile: false, base: './', logLevel: 'warn' });
  });
}
