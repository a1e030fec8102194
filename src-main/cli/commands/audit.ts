// `npm run cli -- audit verify|export --project <file> …`: check the audit trail's hash chain, or export it.
import { writeFileSync } from 'node:fs';
import { auditCsv, verifyAudit } from '../../services/audit-viewer';
import { CliError, wantsHelp, type CliCommand } from '../command';
import { openProject, parseFlags } from './project-cli';

const verifyUsage = `usage: npm run cli -- audit verify --project <file.sqlite> [--json]

Checks the audit trail's hash chain (docs/adr/0007, 0010): every row must link to the one before and
still hash to the value written with it, and the chain must reach the head recorded with every write
(so entries removed at the end are reported as "the last N entries are missing"). Exit status 0 when
intact, 1 when a row was modified or removed (the first such row is named). The head (row number and
hash) is printed: noting it somewhere outside the project file lets you detect a rewritten trail later.`;

const exportUsage = `usage: npm run cli -- audit export --project <file.sqlite> [--entity <e>] [--actor <name>] [--from <ISO time>] [--to <ISO time>] [--out <file.csv>]

Writes the audit trail (oldest first) as CSV: id, at, actor, action, entity, entity_id, before, after.`;

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'check that the audit trail has not been tampered with',
  usage: verifyUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(verifyUsage + '\n'); return 0; }
    const { values } = parseFlags(argv, {});
    const services = openProject(values.project, false);
    try {
      const r = verifyAudit(services.ctx);
      if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else process.stdout.write(r.ok ? `audit trail intact (${r.rows} rows; head: row ${r.head?.seq ?? 0}, sha256 ${r.head?.hash || '—'})\n` : `AUDIT TRAIL BROKEN: ${r.problem}\n`);
      if (!r.ok && !values.json) {
        throw new CliError(r.missingAtEnd > 0 ? `audit trail incomplete: ${r.problem}` : `audit trail broken at row ${r.firstBadId}: ${r.problem}`, 1);
      }
      return r.ok ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};

export const auditExportCommand: CliCommand = {
  name: 'audit export',
  summary: 'export the audit trail as CSV',
  usage: exportUsage,
  async run(argv) {
    if (wantsHelp(argv)) { process.stdout.write(exportUsage + '\n'); return 0; }
    const { values } = parseFlags(argv, { entity: { type: 'string' }, actor: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } });
    for (const k of ['from', 'to'] as const) {
      const v = values[k];
      if (typeof v === 'string' && Number.isNaN(Date.parse(v))) throw new CliError(`--${k} must be a date/time like 2026-11-23 or 2026-11-23T14:00:00Z (got "${v}")`);
    }
    const services = openProject(values.project, false);
    try {
      const { text } = auditCsv(services.ctx, {
        entity: values.entity as string | undefined, actor: values.actor as string | undefined,
        from: typeof values.from === 'string' ? new Date(values.from).toISOString() : undefined,
        to: typeof values.to === 'string' ? new Date(values.to).toISOString() : undefined,
      });
      if (typeof values.out === 'string') writeFileSync(values.out, text);
      else process.stdout.write(text);
      return 0;
    } finally {
      await services.close();
    }
  },
};
