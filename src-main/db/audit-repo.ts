// Append-only, hash-chained audit log. Each row stores prev_hash (the previous row's hash, '' for the
// first) and hash = sha256(prev_hash + canonical JSON [id, at, actor, action, entity, entityId, before,
// after]) where before/after are the stored JSON texts. Editing, inserting or deleting any row (with the
// triggers bypassed, i.e. by editing the file) breaks the chain at that row: verify() finds it.
// audit_head (migration 0005) holds the newest row's id and hash, moved by a trigger in the same statement
// as every insert; new rows extend that head (not the newest remaining row), so rows removed at the end
// show up as "the last N entries are missing" — also after the app has written more rows since.
import { createHash } from 'node:crypto';
import { AppError, type AuditEntry } from '../contract/api-types';
import type { Db } from './connection';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}
export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  /** ISO timestamps, inclusive */
  from?: string;
  to?: string;
  limit?: number;
  /** newest first (default) or oldest first */
  order?: 'desc' | 'asc';
}
export interface AuditHead { seq: number; hash: string }
export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  firstBadId: number | null;
  problem: string | null;
  /** rows missing after the last row present, by the anchor (0 when none or when the anchor is gone) */
  missingAtEnd: number;
  /** the anchor: id and hash of the newest row ever written (null when the anchor row is gone) */
  head: AuditHead | null;
}

interface AuditRow { id: number; at: string; actor: string; action: string; entity: string; entityId: string | null; beforeJson: string | null; afterJson: string | null; prevHash: string; hash: string }

const COLS = 'id, at, actor, action, entity, entity_id AS entityId, before_json AS beforeJson, after_json AS afterJson, prev_hash AS prevHash, hash';

export function auditHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  const canonical = JSON.stringify([r.id, r.at, r.actor, r.action, r.entity, r.entityId, r.beforeJson, r.afterJson]);
  return createHash('sha256').update(prevHash + canonical, 'utf8').digest('hex');
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entityId,
    before: r.beforeJson === null ? null : JSON.parse(r.beforeJson),
    after: r.afterJson === null ? null : JSON.parse(r.afterJson),
  };
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * Appends one row. Reading the chain head and inserting must be atomic across connections (worker
   * threads write too), so outside a transaction this opens an IMMEDIATE one; inside, the caller's
   * transaction (ProjectDb.write, IMMEDIATE) already holds the write lock.
   */
  append(input: AuditInput, at = new Date().toISOString()): AuditEntry {
    if (!this.db.inTransaction) return this.db.transaction(() => this.appendLocked(input, at)).immediate();
    return this.appendLocked(input, at);
  }

  /** The anchor row, or null when it was removed from the file. */
  head(): AuditHead | null {
    return (this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as AuditHead | undefined) ?? null;
  }

  private appendLocked(input: AuditInput, at: string): AuditEntry {
    // Extend the anchored head, not the newest remaining row: after a truncation, new rows keep the gap
    // visible instead of re-using the removed ids (the insert trigger enforces this too).
    const last = this.head();
    // Refusing to write is deliberate: a change that cannot be chained to a known head is not auditable.
    if (!last) throw new AppError('audit-anchor-missing', 'the audit trail\u2019s anchor (table audit_head) was removed from this project file, so no change can be recorded: run "audit verify", then restore the file from a backup');
    const row = {
      id: last.seq + 1,
      at,
      actor: input.actor,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
      beforeJson: input.before === undefined ? null : JSON.stringify(input.before),
      afterJson: input.after === undefined ? null : JSON.stringify(input.after),
    };
    const prevHash = last.hash;
    const hash = auditHash(prevHash, row);
    this.db.prepare(`INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash)
      VALUES (@id, @at, @actor, @action, @entity, @entityId, @beforeJson, @afterJson, @prevHash, @hash)`).run({ ...row, prevHash, hash });
    return toEntry({ ...row, prevHash, hash });
  }

  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.entity) { where.push('entity = ?'); args.push(filter.entity); }
    if (filter.entityId) { where.push('entity_id = ?'); args.push(filter.entityId); }
    if (filter.actor) { where.push('actor = ? COLLATE NOCASE'); args.push(filter.actor); }
    if (filter.action) { where.push('action = ?'); args.push(filter.action); }
    if (filter.from) { where.push('at >= ?'); args.push(filter.from); }
    if (filter.to) { where.push('at <= ?'); args.push(filter.to); }
    const sql = `SELECT ${COLS} FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY id ${filter.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit ?? 1000) as AuditRow[]).map(toEntry);
  }

  /**
   * Walks the whole chain in id order and reports the first row whose link or hash does not match, then
   * compares the end of the chain with the anchor: fewer rows than the anchor recorded means rows were
   * removed at the end (which the chain alone cannot show).
   */
  verify(): AuditVerifyResult {
    const head = this.head();
    const broken = (rows: number, firstBadId: number, problem: string): AuditVerifyResult => ({ ok: false, rows, firstBadId, problem, missingAtEnd: 0, head });
    let prev = '';
    let expectedId = 1;
    let rows = 0;
    for (const r of this.db.prepare(`SELECT ${COLS} FROM audit_log ORDER BY id`).iterate() as IterableIterator<AuditRow>) {
      rows++;
      if (r.id !== expectedId) {
        const n = r.id - expectedId;
        return broken(rows, r.id, n === 1 ? `row ${expectedId} is missing (next row is ${r.id})` : `rows ${expectedId}–${r.id - 1} are missing (${n} entries; next row is ${r.id})`);
      }
      if (r.prevHash !== prev) return broken(rows, r.id, `row ${r.id} does not link to the previous row`);
      if (auditHash(prev, r) !== r.hash) return broken(rows, r.id, `row ${r.id} was modified after it was written`);
      prev = r.hash;
      expectedId++;
    }
    const lastId = expectedId - 1;
    if (!head) return broken(rows, lastId + 1, 'the audit anchor (table audit_head) was removed from the file, so missing entries at the end cannot be ruled out');
    if (head.seq > lastId) {
      const n = head.seq - lastId;
      return {
        ok: false, rows, firstBadId: lastId + 1, missingAtEnd: n, head,
        problem: `the last ${n === 1 ? 'entry is' : `${n} entries are`} missing: the trail ends at row ${lastId}, but row ${head.seq} was written (audit anchor)`,
      };
    }
    if (head.seq < lastId) return broken(rows, head.seq + 1, `rows ${head.seq + 1}–${lastId} were added without moving the audit anchor (written outside the app)`);
    if (head.hash !== prev) return broken(rows, lastId, `row ${lastId} differs from the one the audit anchor recorded (replaced after it was written)`);
    return { ok: true, rows, firstBadId: null, problem: null, missingAtEnd: 0, head };
  }
}
