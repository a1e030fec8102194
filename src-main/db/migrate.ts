// Migration runner. Applies migrations/NNNN_name.sql in numeric order, each in its own IMMEDIATE
// transaction, and records name + sha256 + app version in schema_migrations. Refuses:
//  - a project in which an applied migration's file was since edited (checksum mismatch): the schema
//    would silently differ from what the code expects;
//  - a project with applied migrations this build does not know: it was written by a newer version of
//    the app, and an older build must not write to it.
// Checksums are computed on the text with CRLF normalised to LF, so a Windows checkout does not differ.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../contract/api-types';
import { appVersion, migrationsDir } from './app-paths';
import type { Db } from './connection';

export interface MigrationFile { number: number; name: string; sql: string; checksum: string }
export interface AppliedMigration { name: string; checksum: string; appliedAt: string; appVersion: string }

const FILE_PATTERN = /^(\d{4})_[a-z0-9_-]+\.sql$/;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function readMigrationFiles(dir = migrationsDir()): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort();
  const seen = new Map<number, string>();
  return files.map((file) => {
    const number = Number(FILE_PATTERN.exec(file)![1]);
    const clash = seen.get(number);
    if (clash) throw new Error(`two migrations share number ${number}: ${clash} and ${file} — renumber one`);
    seen.set(number, file);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { number, name: file.replace(/\.sql$/, ''), sql, checksum: checksumOf(sql) };
  });
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  if (!hasTable(db, 'schema_migrations')) return [];
  return db.prepare('SELECT name, checksum, applied_at AS appliedAt, app_version AS appVersion FROM schema_migrations ORDER BY name')
    .all() as AppliedMigration[];
}

export interface MigrateResult { applied: string[]; schemaVersion: number }

/**
 * Brings the project file up to this build's schema. `fileLabel` names the project in error messages.
 * Throws AppError('project-edited-migration' | 'project-too-new' | 'project-not-a-project').
 */
export function migrate(db: Db, fileLabel: string, files = readMigrationFiles()): MigrateResult {
  const label = basename(fileLabel);
  if (!hasTable(db, 'schema_migrations')) {
    const userTables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    if (userTables.length > 0) {
      throw new AppError('project-not-a-project', `${fileLabel} is an SQLite database but not a workstation project (it has no migration record). Choose a project file, or create a new project.`);
    }
    db.exec(`CREATE TABLE schema_migrations (
      name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, app_version TEXT NOT NULL) STRICT`);
  }
  const known = new Map(files.map((f) => [f.name, f]));
  const applied = appliedMigrations(db);
  const unknown = applied.filter((a) => !known.has(a.name));
  if (unknown.length > 0) {
    const newest = unknown.map((u) => u.appVersion).sort().at(-1);
    throw new AppError('project-too-new',
      `${label} was written by a newer version of the workstation (app ${newest}; schema ${unknown.map((u) => u.name).join(', ')} unknown to this version ${appVersion()}). Update the workstation to open it; this version will not modify it.`);
  }
  for (const a of applied) {
    const file = known.get(a.name)!;
    if (file.checksum !== a.checksum) {
      throw new AppError('project-edited-migration',
        `${label}: migration ${a.name} was applied with checksum ${a.checksum.slice(0, 12)}… but this build's migrations/${a.name}.sql has ${file.checksum.slice(0, 12)}…. A released migration must never be edited: restore the file (or install the matching app version).`);
    }
  }
  const done = new Set(applied.map((a) => a.name));
  const newlyApplied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (name, checksum, applied_at, app_version) VALUES (?, ?, ?, ?)');
  for (const file of files) {
    if (done.has(file.name)) continue;
    const apply = db.transaction(() => {
      db.exec(file.sql);
      record.run(file.name, file.checksum, new Date().toISOString(), appVersion());
    });
    try {
      apply.immediate();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CORRUPT')) throw err;
      throw new Error(`${label}: migration ${file.name} failed: ${(err as Error).message}`);
    }
    newlyApplied.push(file.name);
  }
  return { applied: newlyApplied, schemaVersion: schemaVersionOf(db) };
}

/** The number of the newest applied migration (0 for an empty file). */
export function schemaVersionOf(db: Db): number {
  const names = appliedMigrations(db).map((a) => Number(a.name.slice(0, 4)));
  return names.length ? Math.max(...names) : 0;
}
