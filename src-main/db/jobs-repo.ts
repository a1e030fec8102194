// Jobs: background work records (state machine queued → running → done | failed | cancelled).
import type { JobFileError, JobInfo, JobState } from '../contract/api-types';
import type { Db } from './connection';

interface JobRow { id: number; kind: string; state: JobState; done: number; total: number; message: string; errorsJson: string; paramsJson: string; resultJson: string | null; createdAt: string; startedAt: string | null; finishedAt: string | null }
export interface JobRecord extends JobInfo { params: unknown; result: unknown; startedAt: string | null }

const COLS = `id, kind, state, done, total, message, errors_json AS errorsJson, params_json AS paramsJson, result_json AS resultJson,
  created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt`;

function toRecord(r: JobRow): JobRecord {
  return {
    id: r.id, kind: r.kind, state: r.state, done: r.done, total: r.total, message: r.message,
    errors: JSON.parse(r.errorsJson) as JobFileError[], createdAt: r.createdAt, finishedAt: r.finishedAt,
    startedAt: r.startedAt, params: JSON.parse(r.paramsJson), result: r.resultJson === null ? null : JSON.parse(r.resultJson),
  };
}

/** The JobInfo the renderer sees (params/result stay in main). */
export function toJobInfo(j: JobRecord): JobInfo {
  return { id: j.id, kind: j.kind, state: j.state, done: j.done, total: j.total, message: j.message, errors: j.errors, createdAt: j.createdAt, finishedAt: j.finishedAt };
}

export class JobsRepo {
  constructor(private readonly db: Db) {}

  create(kind: string, params: unknown, at = new Date().toISOString()): JobRecord {
    const info = this.db.prepare("INSERT INTO jobs (kind, state, params_json, created_at) VALUES (?, 'queued', ?, ?)").run(kind, JSON.stringify(params ?? {}), at);
    return this.get(Number(info.lastInsertRowid))!;
  }
  get(id: number): JobRecord | undefined {
    const r = this.db.prepare(`SELECT ${COLS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return r ? toRecord(r) : undefined;
  }
  list(limit = 200): JobRecord[] {
    return (this.db.prepare(`SELECT ${COLS} FROM jobs ORDER BY id DESC LIMIT ?`).all(limit) as JobRow[]).map(toRecord);
  }
  unfinished(): JobRecord[] {
    return (this.db.prepare(`SELECT ${COLS} FROM jobs WHERE state IN ('queued', 'running') ORDER BY id`).all() as JobRow[]).map(toRecord);
  }
  markRunning(id: number, at = new Date().toISOString()): void {
    this.db.prepare("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ?").run(at, id);
  }
  requeue(id: number, message: string): void {
    this.db.prepare("UPDATE jobs SET state = 'queued', message = ? WHERE id = ?").run(message, id);
  }
  progress(id: number, done: number, total: number, message: string): void {
    this.db.prepare('UPDATE jobs SET done = ?, total = ?, message = ? WHERE id = ?').run(done, total, message, id);
  }
  setErrors(id: number, errors: JobFileError[]): void {
    this.db.prepare('UPDATE jobs SET errors_json = ? WHERE id = ?').run(JSON.stringify(errors), id);
  }
  finish(id: number, state: 'done' | 'failed' | 'cancelled', message: string, result: unknown, at = new Date().toISOString()): void {
    this.db.prepare('UPDATE jobs SET state = ?, message = ?, result_json = ?, finished_at = ? WHERE id = ?')
      .run(state, message, result === undefined ? null : JSON.stringify(result), at, id);
  }
}
