// The typed API between the renderer and main. One table of methods, composed from one file per domain
// in methods/: each method has a zod schema for its request (validated in main before any service sees
// it) and a TypeScript type for its response. Pure TypeScript: no node:, no electron. Exposed over
// Electron IPC (window.api) and over HTTP (browser mode).
import type { z } from 'zod';
import type { JobInfo } from './api-types';
import { agreementMethods } from './methods/agreement';
import { coreMethods } from './methods/core';
import { featuresMethods } from './methods/features';
import { trainingMethods } from './methods/training';
import { trainingUiMethods } from './methods/training-ui';
import { workbenchMethods } from './methods/workbench';

export * from './api-types';

export const api = {
  ...coreMethods,
  ...featuresMethods,
  ...agreementMethods,
  ...workbenchMethods,
  ...trainingMethods,
  ...trainingUiMethods,
} as const;

export type ApiMethod = keyof typeof api;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof api)[M]['req']>;
export type ApiResponse<M extends ApiMethod> = (typeof api)[M]['res'];

/** Events pushed from main: over IPC ('api:event') and over HTTP (server-sent events, GET /api/events). */
export type ApiEvent = { type: 'job'; job: JobInfo } | { type: 'labels-changed'; clipId: number };

/** What the renderer calls: the same shape in Electron (window.api) and browser mode (HTTP bridge). */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

/** Error shape crossing the boundary: a message a clinician can act on, and a stable code. */
export interface ApiErrorPayload { code: string; message: string }

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}
