// Annotators (named rater profiles).
import type { Annotator, AnnotatorRole } from '../contract/api-types';
import type { Db } from './connection';

const COLS = 'id, name, created_at AS createdAt, role';

export class AnnotatorsRepo {
  constructor(private readonly db: Db) {}

  list(): Annotator[] {
    return this.db.prepare(`SELECT ${COLS} FROM annotators ORDER BY name COLLATE NOCASE`).all() as Annotator[];
  }
  get(id: number): Annotator | undefined {
    return this.db.prepare(`SELECT ${COLS} FROM annotators WHERE id = ?`).get(id) as Annotator | undefined;
  }
  findByName(name: string): Annotator | undefined {
    return this.db.prepare(`SELECT ${COLS} FROM annotators WHERE name = ? COLLATE NOCASE`).get(name) as Annotator | undefined;
  }
  insert(name: string, at = new Date().toISOString()): Annotator {
    const info = this.db.prepare('INSERT INTO annotators (name, created_at) VALUES (?, ?)').run(name, at);
    return this.get(Number(info.lastInsertRowid))!;
  }
  setRole(id: number, role: AnnotatorRole): void {
    this.db.prepare('UPDATE annotators SET role = ? WHERE id = ?').run(role, id);
  }
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM annotators').get() as { n: number }).n;
  }
}
