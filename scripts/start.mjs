// `npm start`: build when needed, then launch the Electron app; where the Electron binary is absent
// (e.g. a server or CI machine, or when its download was skipped) say so in one line and start browser
// mode on the same project instead. Default project: <user data dir>/default.sqlite (created on first
// run); `npm start -- --project <file>` chooses another.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('usage: npm start [-- --project <file.sqlite>] [--port N]\n  Launches the workstation (Electron, or browser mode where Electron is not installed).\n');
  process.exit(0);
}

buildIfStale();
const electron = electronBinary();
let child;
if (electron) {
  child = spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' });
} else {
  process.stdout.write('Electron is not installed on this machine: starting browser mode instead (open the address below in a browser).\n');
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'web', 'main.ts'), '--open', ...args], { cwd: root, stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
