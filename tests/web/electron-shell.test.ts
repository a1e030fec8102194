// What of the Electron shell can be tested without Electron: the IPC handler (same dispatcher and
// validation as HTTP, sender check), the window's security preferences and URL policy, the CSP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHandler } from '../../src-main/ipc/handler';
import { createServices, type Services } from '../../src-main/services/index';
import { isAllowedRendererUrl, SECURE_WEB_PREFERENCES } from '../../src-main/app/security';
import { CONTENT_SECURITY_POLICY } from '../../src-main/web/csp';

const dir = mkdtempSync(join(tmpdir(), 'ew-ipc-'));
let services: Services;
beforeAll(() => { services = createServices(join(dir, 'ipc.sqlite'), { mode: 'electron' }); });
afterAll(async () => { await services.close(); rmSync(dir, { recursive: true, force: true }); });

describe('IPC handler', () => {
  const trusted = (url: string) => isAllowedRendererUrl(url);
  it('validates every payload with the method schema before any service runs', async () => {
    const handle = createIpcHandler(services.dispatch, trusted);
    const bad = await handle('file:///app/out/renderer/index.html', 'annotators.create', { name: '', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(services.ctx.project.annotators.count()).toBe(0);
    expect(await handle('file:///app/index.html', 42, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await handle('file:///app/index.html', 'process.exit', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const good = await handle('file:///app/index.html', 'annotators.create', { name: 'Ana' });
    expect(good).toMatchObject({ ok: true, result: { name: 'Ana', role: 'rater' } });
    const info = await handle('file:///app/index.html', 'project.info', {});
    expect(info).toMatchObject({ ok: true, result: { mode: 'electron', annotatorCount: 1 } });
  });
  it('refuses calls from any page that is not the app', async () => {
    const handle = createIpcHandler(services.dispatch, trusted);
    expect(await handle('https://example.com/', 'project.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});

describe('window security', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
  it('loads only the app\u2019s own files (and the dev server in development)', () => {
    expect(isAllowedRendererUrl('file:///opt/app/out/renderer/index.html')).toBe(true);
    expect(isAllowedRendererUrl('https://cdn.example.com/x.js')).toBe(false);
    expect(isAllowedRendererUrl('http://localhost:5173/src/main.ts')).toBe(false);
    expect(isAllowedRendererUrl('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedRendererUrl('http://evil.com:5173/', 'http://localhost:5173')).toBe(false);
  });
  it('has a CSP that allows nothing remote, no eval, no plugins, no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|'unsafe-eval'/);
  });
});
