// Sandboxed preload (built as CommonJS): exposes window.api = { call(method, req), onEvent(listener) } —
// the ApiClient of src-main/contract/api.ts — and nothing else. No Node API reaches the renderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent } from '../contract/api';

const API_CALL_CHANNEL = 'api:call';
const API_EVENT_CHANNEL = 'api:event';

type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

contextBridge.exposeInMainWorld('api', {
  async call(method: string, request: unknown): Promise<unknown> {
    const reply = (await ipcRenderer.invoke(API_CALL_CHANNEL, method, request)) as Envelope;
    if (!reply.ok) {
      // Only the message reliably crosses the context bridge: keep the stable code in it as "[code] ".
      const err = new Error(`[${reply.error.code}] ${reply.error.message}`);
      err.name = 'ApiError';
      throw err;
    }
    return reply.result;
  },
  onEvent(listener: (event: ApiEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipcRenderer.on(API_EVENT_CHANNEL, handler);
    return () => { ipcRenderer.removeListener(API_EVENT_CHANNEL, handler); };
  },
});
