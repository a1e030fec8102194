// Browser-mode server on a real project file and a real loopback socket.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { CONTENT_SECURITY_POLICY } from '../../src-main/web/csp';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function send(server: WebServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const port = Number(new URL(server.origin).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = (s: WebServer) => ({ Authorization: `Bearer ${s.token}` });
const call = (s: WebServer, method: string, body: unknown) =>
  send(s, `/api/${method}`, { method: 'POST', headers: { ...auth(s), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const dir = mkdtempSync(join(tmpdir(), 'ew-web-'));
const rendererDir = join(dir, 'renderer');
let server: WebServer;

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ projectPath: join(dir, 'p.sqlite'), port: 0, rendererDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('access control', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
  });

  it('answers 401 on every path without the token or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/project.info', '/api/events', '/api/nope', '/../../etc/passwd', '/favicon.ico']) {
      for (const method of ['GET', 'POST']) {
        const r = await send(server, path, { method });
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(JSON.parse(r.body).error.code).toBe('unauthorized');
      }
      const wrong = await send(server, path, { headers: { Authorization: 'Bearer x' + server.token.slice(1) } });
      expect(wrong.status).toBe(401);
      expect((await send(server, `${path}?token=wrong`)).status).toBe(401);
    }
  });

  it('refuses a wrong Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const host = await send(server, '/api/project.info', { method: 'POST', headers: { ...auth(server), Host: 'evil.example:80', 'Content-Type': 'application/json' }, body: '{}' });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).error.code).toBe('forbidden-host');
    const origin = await send(server, '/api/project.info', { method: 'POST', headers: { ...auth(server), Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: '{}' });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error.code).toBe('forbidden-origin');
    const own = await send(server, '/api/project.info', { method: 'POST', headers: { ...auth(server), Origin: server.origin, 'Content-Type': 'application/json' }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('serves the renderer with the strict CSP and sets a same-site cookie from ?token= for its assets', async () => {
    const page = await send(server, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await send(server, '/assets/app.js', { headers: { Cookie: cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await send(server, '/assets/missing.js', { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await send(server, '/labelling', { headers: { Cookie: cookie } })).body).toContain('<title>t</title>');
  });
});

describe('API over HTTP', () => {
  it('rejects an invalid request with 400 before any handler runs', async () => {
    const r = await call(server, 'labels.save', { clipId: 1, annotatorId: 1, values: { happy: 7 } });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid-request');
    expect(body.error.message).toMatch(/values/);
    expect((await call(server, 'no.such.method', {})).status).toBe(400);
    const notJson = await send(server, '/api/project.info', { method: 'POST', headers: { ...auth(server), 'Content-Type': 'application/json' }, body: '{' });
    expect(JSON.parse(notJson.body).error.code).toBe('invalid-json');
  });

  it('round-trips calls to the real services and project file', async () => {
    const created = JSON.parse((await call(server, 'annotators.create', { name: 'Ana' })).body);
    expect(created).toMatchObject({ ok: true, result: { name: 'Ana' } });
    const dup = await call(server, 'annotators.create', { name: 'ana' });
    expect(dup.status).toBe(422);
    expect(JSON.parse(dup.body).error.code).toBe('annotator-exists');
    const list = JSON.parse((await call(server, 'annotators.list', {})).body);
    expect(list.result.map((a: { name: string }) => a.name)).toEqual(['Ana']);
    const info = JSON.parse((await call(server, 'project.info', {})).body);
    expect(info.result).toMatchObject({ annotatorCount: 1, clipCount: 0, mode: 'browser' });
    const missing = await call(server, 'clips.get', { clipId: 99 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.message).toMatch(/clip 99/);
  });

  it('delivers server-sent events (job progress) to a connected client', async () => {
    const port = Number(new URL(server.origin).port);
    const received: string[] = [];
    const events = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/api/events?token=${server.token}`, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          const text = received.join('');
          if (text.includes('"state":"failed"')) { resolve(text); req.destroy(); }
        });
      });
      req.on('error', (e) => { if (!received.length) reject(e); });
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    // An import of a folder that does not exist: a real job that ends quickly (failed, with the reason).
    const started = JSON.parse((await call(server, 'import.start', { paths: [join(dir, 'nowhere')] })).body);
    expect(started.ok).toBe(true);
    const text = await events;
    const jobEvents = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(jobEvents.some((e) => e.type === 'job' && e.job.id === started.result.jobId && e.job.kind === 'import')).toBe(true);
  });
});
