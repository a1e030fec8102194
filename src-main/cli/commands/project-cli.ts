// Shared by the project commands (import, clips, labels …): flag parsing with one-line errors and
// opening the project's services in CLI mode.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../contract/api';
import { createServices, type Services } from '../../services/index';
import { CliError } from '../command';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** node:util parseArgs with --project and --json added; a parse error becomes a one-line CliError. */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON, ...options } as typeof COMMON & O, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]} (run with --help)`);
  }
}

/** Opens the project named by --project. `create`: make it when missing (import); else it must exist. */
export function openProject(project: string | boolean | (string | boolean)[] | undefined, create: boolean): Services {
  if (typeof project !== 'string' || project === '') throw new CliError('--project <file.sqlite> is required (run with --help)');
  const path = resolve(project);
  if (!create && !existsSync(path)) throw new CliError(`${path}: no such project file`);
  try {
    return createServices(path, { mode: 'cli', create, recoverJobs: false });
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message, 1);
    throw err;
  }
}

/** Calls one API method; an error becomes a one-line CliError. */
export async function callApi<T>(services: Services, method: string, request: unknown): Promise<T> {
  const out = await services.dispatch(method, request);
  if (!out.ok) throw new CliError(out.error.message, out.error.code === 'invalid-request' ? 2 : 1);
  return out.result as T;
}
