// Entry of browser mode: `npm run web -- --project <file> [--port N]` (scripts/web.mjs builds the
// renderer first, then runs this with tsx). Prints the URL with the access token; Ctrl+C stops.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultProjectPath } from '../services/paths';

const USAGE = `usage: npm run web -- [--project <file.sqlite>] [--port N]

Serves the workstation to a browser on this computer only (127.0.0.1) and prints the address to open,
which contains a one-time access token. The project file is created when it does not exist.
  --project <file>  project file (default: ${defaultProjectPath()})
  --port <N>        port to listen on (default 0: any free port)
  --open            also try to open the address with xdg-open/open (when available)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: {
      project: { type: 'string' }, port: { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message} (run with --help)\n`);
    process.exit(2);
  }
  if (values.help) { process.stdout.write(USAGE + '\n'); return; }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`error: --port must be a number from 0 to 65535 (got "${values.port}")\n`);
    process.exit(2);
  }
  const projectPath = resolve(values.project ?? defaultProjectPath());
  mkdirSync(dirname(projectPath), { recursive: true });
  let server;
  try {
    // Loaded after the arguments are checked: a typo gets its answer without loading every service.
    const { startWebServer } = await import('./server');
    server = await startWebServer({ projectPath, port });
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  }
  process.stdout.write(`Emotion Workstation (browser mode) — project ${projectPath}\nOpen: ${server.url}\nPress Ctrl+C to stop.\n`);
  if (values.open) await tryOpen(server.url);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Opens the URL only with a program that exists here; otherwise the printed URL is enough. */
async function tryOpen(url: string): Promise<void> {
  const { spawn, spawnSync } = await import('node:child_process');
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? null : 'xdg-open';
  if (process.platform === 'win32') { spawn('cmd', ['/c', 'start', '', url], { detached: true, stdio: 'ignore' }).unref(); return; }
  if (!opener || spawnSync('sh', ['-c', `command -v ${opener}`]).status !== 0) return;
  spawn(opener, [url], { detached: true, stdio: 'ignore' }).unref();
}

void main();
