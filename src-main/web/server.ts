// Browser mode: the same API as Electron IPC, over HTTP on 127.0.0.1, plus the built renderer.
//
// Security model (see docs/security.md): the server binds to the loopback interface only and every
// request must carry the per-launch random token — `Authorization: Bearer <token>`, `?token=<token>`
// (first page load, EventSource) or the HttpOnly SameSite=Strict cookie set on the first page load (so
// the page's own scripts, styles and fetches need nothing special). The token is checked before any
// routing: without it every path answers 401. A wrong Host header (DNS rebinding) or a foreign Origin
// (another web page posting to localhost) answers 403. API calls must be JSON POSTs.
//
// Routes: POST /api/<method> → { ok: true, result } | { ok: false, error: { code, message } } (HTTP 400
// for invalid requests), binary results (Uint8Array, e.g. clips.audio WAV) as application/octet-stream;
// GET /api/events → server-sent events (ApiEvent JSON per message); anything else → static files of the
// built renderer (index.html for unknown routes), with the renderer's CSP header.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ApiEvent } from '../contract/api';
import { appRoot } from '../db/app-paths';
import { createServices, type Services } from '../services/index';
import { CONTENT_SECURITY_POLICY } from './csp';

export interface WebServerOptions {
  projectPath: string;
  /** 0 (default) = a random free port */
  port?: number;
  /** default: out/renderer of the application */
  rendererDir?: string;
}
export interface WebServer {
  /** http://127.0.0.1:PORT/?token=… — open this in a browser */
  url: string;
  origin: string;
  token: string;
  services: Services;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json', '.bin': 'application/octet-stream',
};

function baseHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The URL carries the token: never send it anywhere as a referrer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) { reject(Object.assign(new Error('request body too large'), { status: 413 })); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const services = createServices(opts.projectPath, { mode: 'browser' });
  const rendererDir = resolve(opts.rendererDir ?? join(appRoot(), 'out', 'renderer'));
  const token = randomBytes(32).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  let port = 0;
  let cookieName = 'ew_token';

  const tokenOf = (req: IncomingMessage, url: URL): { token: string | null; viaQuery: boolean } => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), viaQuery: false };
    const q = url.searchParams.get('token');
    if (q) return { token: q, viaQuery: true };
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === cookieName) return { token: v.join('='), viaQuery: false };
    }
    return { token: null, viaQuery: false };
  };

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      sendError(res, 503, 'renderer-not-built', `the user interface is not built (${rendererDir} is missing): run "npm run build", or start with "npm run web", which builds it`);
      return;
    }
    let rel: string;
    try { rel = decodeURIComponent(pathname); } catch { sendError(res, 400, 'bad-path', 'malformed path'); return; }
    const file = normalize(join(rendererDir, rel));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) { sendError(res, 404, 'not-found', 'not found'); return; }
    let target = file;
    if (!existsSync(target) || statSync(target).isDirectory()) {
      // Client-side routes fall back to the app; a missing asset (with an extension) is a real 404.
      if (extname(rel) && rel !== '/') { sendError(res, 404, 'not-found', `not found: ${rel}`); return; }
      target = join(rendererDir, 'index.html');
    }
    const body = await readFile(target);
    res.writeHead(200, {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': target.endsWith('index.html') ? 'no-store' : 'no-cache',
    });
    res.end(body);
  }

  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n: connected\n\n');
    sseClients.add(res);
    const off = services.onEvent((e: ApiEvent) => { res.write(`data: ${JSON.stringify(e)}\n\n`); });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const done = () => { off(); clearInterval(heartbeat); sseClients.delete(res); };
    req.on('close', done);
    res.on('close', done);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // 1. The token, before anything else looks at the request.
    const presented = tokenOf(req, url);
    if (!presented.token || !sameSecret(presented.token, token)) {
      sendError(res, 401, 'unauthorized', 'missing or wrong access token: open the URL printed by "npm run web" (it contains ?token=…)');
      return;
    }
    // 2. Host and Origin: only this server's own page may talk to it.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendError(res, 403, 'forbidden-host', `requests must be addressed to 127.0.0.1:${port}`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      sendError(res, 403, 'forbidden-origin', `requests from ${origin} are refused`);
      return;
    }
    if (presented.viaQuery) {
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    // 3. Routing.
    const { pathname } = url;
    if (pathname === '/api/events') {
      if (req.method !== 'GET') { sendError(res, 405, 'method-not-allowed', 'use GET for /api/events'); return; }
      openEvents(req, res);
      return;
    }
    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST') { sendError(res, 405, 'method-not-allowed', `use POST for ${pathname}`); return; }
      if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        sendError(res, 415, 'unsupported-media-type', 'API requests must have Content-Type: application/json');
        return;
      }
      let body: unknown;
      try {
        const raw = await readBody(req);
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        sendError(res, status, status === 413 ? 'too-large' : 'invalid-json', status === 413 ? 'request body too large' : `the request body is not valid JSON (${(err as Error).message})`);
        return;
      }
      const method = decodeURIComponent(pathname.slice('/api/'.length));
      const out = await services.dispatch(method, body);
      if (!out.ok) { sendJson(res, out.status, { ok: false, error: out.error }); return; }
      if (out.result instanceof Uint8Array) {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': out.result.byteLength, 'Cache-Control': 'no-store' });
        res.end(Buffer.from(out.result.buffer, out.result.byteOffset, out.result.byteLength));
        return;
      }
      sendJson(res, 200, { ok: true, result: out.result });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') { sendError(res, 405, 'method-not-allowed', 'only GET for pages'); return; }
    await serveStatic(res, pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
      else res.destroy();
    });
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', fail); ok(); });
    });
  } catch (err) {
    await services.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${opts.port} is already in use: choose another with --port, or 0 for a free one`);
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  cookieName = `ew_token_${port}`; // cookies ignore ports: one name per server so two projects do not clash
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    services,
    async close() {
      for (const c of sseClients) c.end();
      sseClients.clear();
      await new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); });
      await services.close();
    },
  };
}
