// `npm run web -- --project <file> [--port N]`: build the renderer when out/ is missing or stale, then
// serve the workstation to a browser on 127.0.0.1 (src-main/web/main.ts, run from sources with tsx).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) buildIfStale();
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'web', 'main.ts'), ...args], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
