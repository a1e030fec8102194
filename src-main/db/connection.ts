// Opens a project file: SQLite with WAL (readers never block the writer; workers open their own
// connections), foreign keys on, and a busy timeout so a short write by a worker thread does not fail a
// UI call. Every way the file can be unusable gets its own AppError naming the file and what to do.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../contract/api-types';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when it does not exist (default false: a missing project is an error). */
  create?: boolean;
  readonly?: boolean;
  /** ms to wait for another connection's write lock (default 5000). */
  busyTimeoutMs?: number;
}

export function openConnection(path: string, opts: OpenOptions = {}): Db {
  const name = basename(path);
  if (!existsSync(path)) {
    if (!opts.create) {
      throw new AppError('project-not-found', `${path}: no such project file. Check the path, or create a new project.`);
    }
  } else if (statSync(path).isDirectory()) {
    throw new AppError('project-not-a-file', `${path} is a folder, not a project file. Choose a .sqlite project file.`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  } catch (err) {
    throw translateSqliteError(err, path);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    // Touches page 1: fails here with SQLITE_NOTADB for a file that is not SQLite at all.
    db.pragma('schema_version');
    if (!opts.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') {
        throw new AppError('project-readonly', `${name}: cannot switch to WAL journal mode (got ${String(mode)}); the file or its folder is probably read-only. Copy the project to a writable folder.`);
      }
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) probeWritable(db, opts.busyTimeoutMs ?? 5000);
    return db;
  } catch (err) {
    db.close();
    throw translateSqliteError(err, path);
  }
}

/**
 * SQLite silently falls back to read-only when the file cannot be opened for writing (permissions,
 * immutable file, read-only medium); the user would only find out when a label fails to save. Take the
 * write lock once, without waiting, and touch a page: read-only → error now; busy (another program is
 * writing) → fine, it will be waited for when needed.
 */
function probeWritable(db: Db, busyTimeoutMs: number): void {
  db.pragma('busy_timeout = 0');
  try {
    // In WAL mode BEGIN IMMEDIATE alone succeeds on a read-only file (its lock lives in the -shm file):
    // rewriting the header's user_version to its own value touches page 1, then the rollback undoes it.
    const version = Number(db.pragma('user_version', { simple: true }));
    db.exec('BEGIN IMMEDIATE');
    try {
      db.pragma(`user_version = ${version}`);
    } finally {
      db.exec('ROLLBACK');
    }
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED')) throw err;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** Maps SQLite failures to messages a clinician can act on. Already-translated errors pass through. */
export function translateSqliteError(err: unknown, path: string): Error {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(message)) {
    return new AppError('project-not-sqlite', `${path} is not a project file (it is not an SQLite database). Choose a .sqlite project file or create a new project.`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('project-corrupt', `${path} is damaged (SQLite reports: ${message}). Restore the project from a backup copy.`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('project-locked', `${path} is locked by another program (is the workstation or the CLI already writing to it?). Close the other program and try again.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM') {
    return new AppError('project-readonly', `${path}: the project cannot be written (${message}): the file or its folder is read-only. Copy the project to a writable folder, or fix its permissions.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('project-cannot-open', `${path}: cannot open the project (${message}). Check that its folder exists and is writable.`);
  }
  return err instanceof Error ? err : new Error(message);
}
