// `npm run web` entry (src-main/web/main.ts) as a real process: prints the URL with the token, serves the
// API on it, refuses bad flags with one line, and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'ew-webentry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = join(repoRoot, 'src-main', 'web', 'main.ts');

describe('browser-mode entry', () => {
  it('creates the project, prints the token URL, answers API calls, and exits 0 on SIGTERM', async () => {
    const project = join(dir, 'nested', 'p.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--project', project, '--port', '0'], { cwd: repoRoot });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(existsSync(project)).toBe(true);
    const u = new URL(url);
    const res = await fetch(`${u.origin}/api/project.info`, { method: 'POST', headers: { Authorization: `Bearer ${u.searchParams.get('token')}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(await res.json()).toMatchObject({ ok: true, result: { path: project, mode: 'browser', clipCount: 0 } });
    expect((await fetch(`${u.origin}/api/project.info`, { method: 'POST' })).status).toBe(401);
    const code = await new Promise<number | null>((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); });
    expect(code).toBe(0);
  }, 120_000);

  it('refuses a bad port with one line and exit code 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', entry, '--port', 'abc'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --port must be a number from 0 to 65535 (got "abc")');
  }, 120_000);
});
