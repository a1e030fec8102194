// The one door from the renderer to main. In Electron the preload exposes the ApiClient as window.api
// (IPC); in browser mode the same interface is an HTTP bridge to the local web server (POST /api/<method>,
// server-sent events on GET /api/events), authenticated by the per-launch token printed with the URL.
import type { ApiClient, ApiEvent, ApiMethod, ApiRequest, ApiResponse, ApiErrorPayload } from '../../src-main/contract/api';

export type { ApiClient, ApiEvent };

/** An error from main with a message a clinician can act on; `code` is stable for the UI to branch on. */
export class ApiError extends Error {
  readonly code: string;
  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
  }
}

/** The ApiClient plus one call that survives the page going away (flushing a label on close). */
export interface RendererApi extends ApiClient {
  /** Best effort delivery while the page unloads: keepalive fetch in browser mode, IPC in Electron. */
  callOnUnload<M extends ApiMethod>(method: M, req: ApiRequest<M>): void;
  readonly mode: 'electron' | 'browser';
}

const TOKEN_KEY = 'ew.token';
/** Writes that must reach main even if the page closes right after they are sent. */
const KEEPALIVE_METHODS: ReadonlySet<string> = new Set(['labels.save']);

/**
 * Reads the token from ?token= on first load, keeps it in sessionStorage (it survives a reload of this
 * tab, not a new tab) and removes it from the address bar so it does not end up in history or screenshots.
 */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  const kept = sessionStorage.getItem(TOKEN_KEY);
  if (kept) return kept;
  throw new ApiError({
    code: 'no-token',
    message: 'This page was opened without its access token. Open the URL printed by "npm run web" (it ends with ?token=…).',
  });
}

class HttpBridge implements RendererApi {
  readonly mode = 'browser' as const;
  private readonly token: string;
  private source: EventSource | null = null;
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  constructor() {
    this.token = takeToken();
  }

  private request(method: string, req: unknown, keepalive = false): Promise<Response> {
    return fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(req ?? {}),
      keepalive,
    });
  }

  async call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
    let res: Response;
    try {
      res = await this.request(method, req, KEEPALIVE_METHODS.has(method));
    } catch {
      throw new ApiError({ code: 'offline', message: 'The workstation server is not reachable. Is "npm run web" still running?' });
    }
    const type = res.headers.get('Content-Type') ?? '';
    if (res.ok && type.startsWith('application/octet-stream')) {
      return new Uint8Array(await res.arrayBuffer()) as ApiResponse<M>;
    }
    let body: { ok: boolean; result?: unknown; error?: ApiErrorPayload };
    try {
      body = await res.json();
    } catch {
      throw new ApiError({ code: 'bad-response', message: `${method}: the server answered ${res.status} without a readable body.` });
    }
    if (!body.ok) {
      throw new ApiError(body.error ?? { code: 'unknown', message: `${method} failed (${res.status}).` });
    }
    return body.result as ApiResponse<M>;
  }

  callOnUnload<M extends ApiMethod>(method: M, req: ApiRequest<M>): void {
    void this.request(method, req, true).catch(() => undefined);
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.source) {
      this.source = new EventSource(`/api/events?token=${encodeURIComponent(this.token)}`);
      this.source.onmessage = (message) => {
        let event: ApiEvent;
        try {
          event = JSON.parse(message.data);
        } catch {
          return; // a keep-alive comment or a malformed frame carries nothing for the UI
        }
        for (const l of this.listeners) l(event);
      };
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.source) {
        this.source.close();
        this.source = null;
      }
    };
  }
}

class ElectronBridge implements RendererApi {
  readonly mode = 'electron' as const;
  constructor(private readonly inner: ApiClient) {}
  async call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
    try {
      return await this.inner.call(method, req);
    } catch (e) {
      // Only the message crosses the context bridge: the preload writes it as "[code] message" (and
      // Electron may prefix "Error invoking remote method …: Error: "). Recover both parts.
      const raw = (e instanceof Error ? e.message : String(e)).replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
      const m = /^\[([\w.-]+)\] ([\s\S]*)$/.exec(raw);
      throw new ApiError(m ? { code: m[1], message: m[2] } : { code: 'error', message: raw });
    }
  }
  callOnUnload<M extends ApiMethod>(method: M, req: ApiRequest<M>): void {
    void this.inner.call(method, req).catch(() => undefined);
  }
  onEvent(listener: (event: ApiEvent) => void): () => void {
    return this.inner.onEvent(listener);
  }
}

let instance: RendererApi | null = null;

/** The API for this window; throws an ApiError with a clear message when the page lacks its token. */
export function getApi(): RendererApi {
  if (!instance) {
    const electronApi = (window as unknown as { api?: ApiClient }).api;
    instance = electronApi ? new ElectronBridge(electronApi) : new HttpBridge();
  }
  return instance;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
