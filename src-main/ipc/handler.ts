// The IPC call handler, kept free of 'electron' so it is unit-tested: the sender must be our own
// renderer, then the same dispatcher as HTTP validates the payload with the method's zod schema before
// any service runs. Returns the envelope { ok, result } | { ok, error } (the preload unwraps it).
import type { Dispatch } from '../services/dispatcher';

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export function createIpcHandler(dispatch: Dispatch, isTrustedSender: (url: string) => boolean) {
  return async (senderUrl: string, method: unknown, request: unknown): Promise<IpcEnvelope> => {
    if (!isTrustedSender(senderUrl)) {
      return { ok: false, error: { code: 'forbidden-sender', message: 'API calls are only accepted from the workstation window' } };
    }
    if (typeof method !== 'string' || method.length > 100) {
      return { ok: false, error: { code: 'unknown-method', message: 'the API method name must be a string' } };
    }
    const out = await dispatch(method, request);
    return out.ok ? { ok: true, result: out.result } : { ok: false, error: out.error };
  };
}
