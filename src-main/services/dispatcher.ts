// One entry point for every API call, shared by Electron IPC and HTTP: look up the method, validate the
// request with the method's zod schema BEFORE any handler runs, call the handler, and turn every failure
// into { code, message }. Unexpected errors keep their message (the UI shows it) under code 'internal'.
import { AppError, api, isApiMethod, type ApiErrorPayload } from '../contract/api';
import type { ServiceContext } from './context';
import type { Handler, HandlerTable } from './handlers';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload; status: number };

/** HTTP status for an error code (IPC ignores it). */
function statusOf(code: string): number {
  if (code === 'invalid-request' || code === 'unknown-method') return 400;
  if (code.endsWith('-not-found')) return 404;
  if (code === 'internal') return 500;
  return 422; // a well-formed request the project state refuses (duplicate name, missing audio, …)
}

export function createDispatcher(ctx: ServiceContext, table: HandlerTable) {
  return async function dispatch(method: string, rawRequest: unknown): Promise<DispatchResult> {
    const fail = (code: string, message: string): DispatchResult => ({ ok: false, error: { code, message }, status: statusOf(code) });
    if (!isApiMethod(method)) return fail('unknown-method', `unknown API method "${method}"`);
    const handler = table[method] as Handler<typeof method> | undefined;
    if (!handler) return fail('not-implemented', `API method "${method}" is not implemented in this build`);
    const parsed = api[method].req.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`);
      return fail('invalid-request', `invalid request for ${method}: ${issues.join('; ')}`);
    }
    try {
      const result = await (handler as (c: ServiceContext, r: unknown) => unknown)(ctx, parsed.data);
      return { ok: true, result: result === undefined ? null : result };
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message);
      const message = err instanceof Error ? err.message : String(err);
      return fail('internal', `${method} failed: ${message}`);
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
