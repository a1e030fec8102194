// Audit viewer: filtered listing, CSV export and verification of the hash chain.
import type { AuditFilter } from '../db/audit-repo';
import type { ServiceContext } from './context';
import { toCsv } from '../util/csv';

export function queryAudit(ctx: ServiceContext, filter: AuditFilter) {
  return ctx.project.audit.list({ ...filter, limit: filter.limit ?? 1000 });
}

export function auditCsv(ctx: ServiceContext, filter: AuditFilter): { fileName: string; mimeType: string; text: string } {
  const rows = ctx.project.audit.list({ ...filter, limit: filter.limit ?? 100_000, order: 'asc' }).map((e) => ({
    id: e.id, at: e.at, actor: e.actor, action: e.action, entity: e.entity, entity_id: e.entityId,
    before: e.before === null ? '' : JSON.stringify(e.before), after: e.after === null ? '' : JSON.stringify(e.after),
  }));
  const stamp = new Date().toISOString().slice(0, 10);
  return { fileName: `audit-${stamp}.csv`, mimeType: 'text/csv', text: toCsv(rows, ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after']) };
}

export function verifyAudit(ctx: ServiceContext) {
  return ctx.project.audit.verify();
}
