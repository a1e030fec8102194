// Migration runner and connection errors on real SQLite files in a temp dir.
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openProjectDb } from '../../src-main/db/project-db';
import { migrate, readMigrationFiles } from '../../src-main/db/migrate';
import { migrationsDir } from '../../src-main/db/app-paths';
import { AppError } from '../../src-main/contract/api-types';

const dir = mkdtempSync(join(tmpdir(), 'ew-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string {
  try { fn(); } catch (err) { return err instanceof AppError ? err.code : `not AppError: ${String(err)}`; }
  return 'no error';
}
function messageOf(fn: () => unknown): string {
  try { fn(); } catch (err) { return (err as Error).message; }
  return 'no error';
}

describe('project file', () => {
  it('creates a fresh project with WAL, foreign keys and every migration applied', () => {
    const path = join(dir, 'fresh.sqlite');
    const p = openProjectDb(path, { create: true });
    expect(p.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = p.db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
    expect(applied.map((a) => a.name)).toEqual(readMigrationFiles().map((f) => f.name));
    p.close();
  });

  it('re-opens an existing project without re-applying anything and keeps its data', () => {
    const path = join(dir, 'reopen.sqlite');
    const a = openProjectDb(path, { create: true });
    a.write(() => a.annotators.insert('Ana'));
    a.close();
    const b = openProjectDb(path);
    expect(b.annotators.list().map((x) => x.name)).toEqual(['Ana']);
    expect(migrate(b.db, path).applied).toEqual([]);
    b.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    expect(codeOf(() => openProjectDb(join(dir, 'missing.sqlite')))).toBe('project-not-found');
  });

  it('refuses a project whose applied migration was edited, naming the migration', () => {
    const path = join(dir, 'edited.sqlite');
    openProjectDb(path, { create: true }).close();
    const alt = join(dir, 'migrations-edited');
    mkdirSync(alt);
    for (const f of readMigrationFiles()) {
      writeFileSync(join(alt, `${f.name}.sql`), f.number === 1 ? f.sql + '\n-- edited\n' : f.sql);
    }
    const db = new Database(path);
    const files = readMigrationFiles(alt);
    expect(codeOf(() => migrate(db, path, files))).toBe('project-edited-migration');
    expect(messageOf(() => migrate(db, path, files))).toMatch(/0001_init.*never be edited/);
    db.close();
  });

  it('refuses a file written by a newer app version (unknown applied migration) and leaves it untouched', () => {
    const path = join(dir, 'newer.sqlite');
    openProjectDb(path, { create: true }).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations VALUES ('9999_future', 'abc', '2030-01-01T00:00:00Z', '9.0.0')").run();
    db.close();
    const before = readFileSync(path);
    expect(codeOf(() => openProjectDb(path))).toBe('project-too-new');
    expect(messageOf(() => openProjectDb(path))).toMatch(/newer version of the workstation \(app 9\.0\.0/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('gives a clear error for a non-SQLite file, a foreign SQLite file and a read-only file', () => {
    const pdf = join(dir, 'report.sqlite');
    writeFileSync(pdf, '%PDF-1.7\n' + 'x'.repeat(5000));
    expect(codeOf(() => openProjectDb(pdf))).toBe('project-not-sqlite');
    expect(messageOf(() => openProjectDb(pdf))).toContain('report.sqlite');

    const foreign = join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE things (x)');
    f.close();
    expect(codeOf(() => openProjectDb(foreign))).toBe('project-not-a-project');

    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      copyFileSync(join(dir, 'fresh.sqlite'), join(ro, 'p.sqlite'));
      chmodSync(join(ro, 'p.sqlite'), 0o444);
      chmodSync(ro, 0o555);
      expect(codeOf(() => openProjectDb(join(ro, 'p.sqlite')))).toMatch(/project-readonly|project-cannot-open/);
      chmodSync(ro, 0o755);
    } else {
      // root ignores permissions: make the file immutable instead (where chattr is supported).
      const ro = join(dir, 'immutable.sqlite');
      copyFileSync(join(dir, 'fresh.sqlite'), ro);
      if (spawnSync('chattr', ['+i', ro]).status === 0) {
        try {
          expect(codeOf(() => openProjectDb(ro))).toBe('project-readonly');
          expect(messageOf(() => openProjectDb(ro))).toMatch(/immutable\.sqlite.*read-only/);
        } finally {
          spawnSync('chattr', ['-i', ro]);
        }
      }
    }
  });

  it('reports a damaged file (a page overwritten with garbage) as corrupt, naming it', () => {
    const path = join(dir, 'damaged.sqlite');
    const p = openProjectDb(path, { create: true });
    p.db.pragma('wal_checkpoint(TRUNCATE)');
    p.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    closeSync(fd);
    expect(codeOf(() => openProjectDb(path))).toBe('project-corrupt');
    expect(messageOf(() => openProjectDb(path))).toMatch(/damaged\.sqlite is damaged .*Restore the project from a backup copy/);
  });

  it('reports a locked file instead of hanging', () => {
    const path = join(dir, 'locked.sqlite');
    openProjectDb(path, { create: true }).close();
    const holder = new Database(path);
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN EXCLUSIVE');
    const p = openProjectDb(path, { readonly: false });
    // Opening works (WAL readers); a write waits busy_timeout then fails with a clear message.
    p.db.pragma('busy_timeout = 50');
    expect(codeOf(() => p.write(() => p.annotators.insert('X')))).toBe('project-locked');
    holder.exec('ROLLBACK');
    holder.close();
    p.close();
  });

  it('migrates an old file with data in it (0001 only) to the current schema, keeping the data', () => {
    const files = readMigrationFiles();
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    migrate(db, path, files.slice(0, 1));
    db.prepare("INSERT INTO annotators (name, created_at) VALUES ('Old', '2025-01-01T00:00:00Z')").run();
    db.prepare(`INSERT INTO clips (content_hash, original_path, file_name, duration_s, sample_rate, original_sample_rate, channels, speaker_id, imported_at)
      VALUES (?, '/x/a.wav', 'a.wav', 1.5, 16000, 44100, 2, 'S1', '2025-01-01T00:00:00Z')`).run('a'.repeat(64));
    db.prepare(`INSERT INTO labels (clip_id, annotator_id, version, happy, sad, anger, surprise, disgust, fear, created_at)
      VALUES (1, 1, 1, 3, 0, 0, 1, 0, 0, '2025-01-01T00:00:00Z')`).run();
    db.close();
    const p = openProjectDb(path);
    expect(p.labels.current(1, 1)?.values.happy).toBe(3);
    expect(p.clips.get(1)?.speakerId).toBe('S1');
    expect(p.schemaVersion).toBe(files.at(-1)!.number);
    p.close();
  });
});

describe('append-only tables', () => {
  it('refuses UPDATE/DELETE on the audit log and UPDATE on labels', () => {
    const p = openProjectDb(join(dir, 'append.sqlite'), { create: true });
    p.write(() => p.audit.append({ actor: 'system', action: 'create', entity: 'project' }));
    expect(() => p.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => p.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    p.close();
  });
});

describe('schema snapshot', () => {
  it('matches the checked-in snapshot (update tests/db/schema.snapshot.sql deliberately when adding a migration)', async () => {
    const p = openProjectDb(join(dir, 'snapshot.sqlite'), { create: true });
    const rows = p.db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
    p.close();
    const text = rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/[ \t]+$/gm, '')};\n`).join('\n');
    await expect(text).toMatchFileSnapshot('schema.snapshot.sql');
  });
  it('the migrations folder holds numbered files only', () => {
    expect(readMigrationFiles(migrationsDir()).length).toBeGreaterThan(0);
  });
});
