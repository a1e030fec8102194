// A project file opened and migrated, with its repositories. The only entry point services use:
// `openProjectDb(path, { create })`. All SQL lives in src-main/db (repositories); services see typed rows.
// Worker threads open their own ProjectDb on the same file (WAL lets them write alongside main).
import { basename } from 'node:path';
import { AppError } from '../contract/api-types';
import { AnnotatorsRepo } from './annotators-repo';
import { appVersion } from './app-paths';
import { AuditRepo } from './audit-repo';
import { ClipsRepo } from './clips-repo';
import { openConnection, translateSqliteError, type Db } from './connection';
import { JobsRepo } from './jobs-repo';
import { LabelsRepo } from './labels-repo';
import { migrate, schemaVersionOf } from './migrate';
import { SettingsRepo } from './settings-repo';
import { WorkbenchRepo } from './workbench-repo';

export interface ProjectDb {
  readonly path: string;
  readonly db: Db;
  readonly schemaVersion: number;
  readonly annotators: AnnotatorsRepo;
  readonly clips: ClipsRepo;
  readonly labels: LabelsRepo;
  readonly audit: AuditRepo;
  readonly jobs: JobsRepo;
  readonly settings: SettingsRepo;
  readonly workbench: WorkbenchRepo;
  /** Runs fn in an IMMEDIATE transaction (takes the write lock up front, so read-then-write is atomic). */
  write<T>(fn: () => T): T;
  close(): void;
}

export interface OpenProjectOptions { create?: boolean; readonly?: boolean }

export function openProjectDb(path: string, opts: OpenProjectOptions = {}): ProjectDb {
  const db = openConnection(path, { create: opts.create, readonly: opts.readonly });
  try {
    if (!opts.readonly) {
      migrate(db, path);
    }
    const settings = new SettingsRepo(db);
    if (!opts.readonly && settings.get('created_with') === undefined) {
      settings.set('created_with', appVersion());
      settings.set('name', basename(path).replace(/\.(sqlite3?|db)$/i, ''));
    }
    const schemaVersion = schemaVersionOf(db);
    return {
      path, db, schemaVersion, settings,
      annotators: new AnnotatorsRepo(db),
      clips: new ClipsRepo(db),
      labels: new LabelsRepo(db),
      audit: new AuditRepo(db),
      jobs: new JobsRepo(db),
      workbench: new WorkbenchRepo(db),
      write<T>(fn: () => T): T {
        try {
          return db.transaction(fn).immediate();
        } catch (err) {
          if (err instanceof AppError) throw err;
          const code = (err as { code?: string }).code ?? '';
          if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CORRUPT')) throw translateSqliteError(err, path);
          throw err;
        }
      },
      close() { if (db.open) db.close(); },
    };
  } catch (err) {
    db.close();
    throw translateSqliteError(err, path);
  }
}
