// One way to start a worker thread, from TypeScript sources (tsx, vitest) and from the built app.
// Built: electron-vite emits each worker entry as out/main/<name>.js next to the main bundle; this module
// itself may be bundled into out/main/chunks/, so the built entry is looked up here and one folder up.
// Source: the .ts module is loaded through worker-bootstrap.mjs, which registers tsx inside the worker.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * @param name worker entry name, e.g. 'import-worker'
 * @param sourcePath path of the worker's .ts module relative to src-main/, e.g. 'jobs/import-worker.ts'
 */
export function spawnWorker(name: string, sourcePath: string, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    for (const dir of [here, dirname(here)]) {
      const built = join(dir, `${name}.js`);
      if (existsSync(built)) return new Worker(built, options);
    }
  }
  const srcMain = findSrcMain(here);
  const moduleUrl = pathToFileURL(join(srcMain, sourcePath)).href;
  const workerData = { ...(options.workerData ?? {}), __workerModule: moduleUrl };
  return new Worker(join(srcMain, 'jobs', 'worker-bootstrap.mjs'), { ...options, workerData });
}

function findSrcMain(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'jobs', 'worker-bootstrap.mjs'))) return dir;
    if (existsSync(join(dir, 'src-main', 'jobs', 'worker-bootstrap.mjs'))) return join(dir, 'src-main');
    dir = dirname(dir);
  }
  throw new Error(`cannot locate src-main from ${start}`);
}
