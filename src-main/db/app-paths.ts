// Where the application's own files are: the folder holding package.json and migrations/. The same walk
// works from TypeScript sources (src-main/db/), from the built bundle (out/main/) and inside the packaged
// app (app.asar root holds package.json and migrations/, see electron-builder.json).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | null = null;

export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot locate the application folder (package.json + migrations/) — the installation is incomplete');
}

export function migrationsDir(): string {
  return process.env.EW_MIGRATIONS_DIR ?? join(appRoot(), 'migrations');
}

let cachedVersion: string | null = null;
export function appVersion(): string {
  if (!cachedVersion) {
    const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version?: string };
    cachedVersion = pkg.version ?? '0.0.0';
  }
  return cachedVersion;
}
