// `npm run cli -- agreement --project <file> [--json]`: inter-rater agreement of a project's current
// labels — the numbers of agreement.compute (services/agreement), as a table or as JSON.
import { parseArgs } from 'node:util';
import type { AgreementEstimate, AgreementReport, IccEstimate, PairwiseMatrix } from '../../contract/methods/agreement';
import { agreementRequestSchema } from '../../contract/methods/agreement';
import { AgreementRepo } from '../../db/agreement-repo';
import { openProjectDb } from '../../db/project-db';
import { computeProjectAgreement } from '../../services/agreement/agreement-service';
import { CliError, wantsHelp, type CliCommand } from '../command';

const usage = `usage: npm run cli -- agreement --project <file> [--json] [--bootstrap <n>] [--seed <n>] [--raters <name,name,…>]

Inter-rater agreement of the project's current labels, per emotion and overall (the six emotions pooled):
Krippendorff's alpha (interval, ordinal), ICC(2,1) and ICC(2,k) (two-way random, absolute agreement)
with 95 % CIs (percentile bootstrap over clips; F-based for ICC), clip and rater counts, pairwise
rater matrices. Definitions: docs/agreement.md. The project file is opened read-only.

  --project <file>   the project (.sqlite) to read
  --json             print the full report as JSON (same numbers as the agreement view)
  --bootstrap <n>    bootstrap replicates, 0–10000 (default 1000; 0 = no bootstrap CIs)
  --seed <n>         bootstrap seed (default 1): the same seed gives the same CIs
  --raters <names>   only these annotators (comma-separated names; default: everyone with a label)`;

function intArg(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number, got "${value}"`);
  return Number(value);
}

export const agreementCommand: CliCommand = {
  name: 'agreement',
  summary: "inter-rater agreement (Krippendorff's alpha, ICC) per emotion, with CIs",
  usage,
  async run(argv) {
    if (wantsHelp(argv)) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    let values: { project?: string; json?: boolean; bootstrap?: string; seed?: string; raters?: string };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          project: { type: 'string' },
          json: { type: 'boolean' },
          bootstrap: { type: 'string' },
          seed: { type: 'string' },
          raters: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new CliError(`${(err as Error).message.split('\n')[0]} (run "agreement --help" for usage)`);
    }
    if (!values.project) throw new CliError('missing --project <file> (run "agreement --help" for usage)');
    const parsed = agreementRequestSchema.safeParse({ bootstrap: intArg(values.bootstrap, '--bootstrap'), seed: intArg(values.seed, '--seed') });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`--${String(issue.path[0])}: ${issue.message}`);
    }
    const project = openProjectDb(values.project, { readonly: true });
    try {
      // The project is not migrated (read-only): only the agreement repository, which adapts to older
      // schemas, reads it.
      const repo = new AgreementRepo(project.db);
      if (!repo.looksLikeProject()) {
        throw new CliError(`${values.project} is not a workstation project (it has no labels table): choose a project file`);
      }
      let annotatorIds: number[] | undefined;
      if (values.raters !== undefined) {
        const names = values.raters.split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length < 2) throw new CliError('--raters needs at least two annotator names, comma-separated');
        annotatorIds = names.map((name) => {
          const a = repo.raterByName(name);
          if (!a) throw new CliError(`--raters: no annotator named "${name}" in ${values.project} (names: ${repo.allRaters().map((x) => x.name).join(', ') || 'none'})`);
          return a.id;
        });
      }
      const report = computeProjectAgreement({ project }, { ...parsed.data, annotatorIds });
      process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, values.project));
      return 0;
    } finally {
      project.close();
    }
  },
};

const f2 = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(2));
const ci = (c: [number, number] | null): string => (c ? `[${f2(c[0])}, ${f2(c[1])}]` : '');
const est = (e: AgreementEstimate): string => `${f2(e.value)} ${ci(e.ci95)}`.trim();
const icc = (e: IccEstimate): string => `${f2(e.value)} ${ci(e.ci95F)}`.trim();

export function formatReport(r: AgreementReport, file: string): string {
  const lines: string[] = [];
  lines.push(`Agreement in ${file}: ${r.raters.length} raters (${r.raters.map((x) => x.name).join(', ')}), ${r.labelsRead} current labels, ${r.notRateableExcluded} "not rateable" excluded`);
  lines.push(`95 % CIs: alpha by bootstrap (${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed}, resampling clips); ICC by F (McGraw & Wong 1996)`);
  lines.push('');
  const head = ['scope', 'clips', 'raters', 'α interval [95% CI]', 'α ordinal [95% CI]', 'ICC clips', 'ICC(2,1) [95% CI]', 'ICC(2,k) [95% CI]', 'Koo & Li (2,1)'];
  const rows = r.scopes.map((s) => [
    s.scope, String(s.clips), String(s.raters), est(s.alphaInterval), est(s.alphaOrdinal),
    String(s.iccClips), icc(s.icc21), icc(s.icc2k), s.icc21.bandOfCi ?? s.icc21.band ?? '—',
  ]);
  lines.push(...table([head, ...rows]));
  const overall = r.pairwise.find((p) => p.scope === 'overall');
  if (overall && r.raters.length >= 2) {
    lines.push('', 'Pairwise α interval, all emotions pooled (clips in common):');
    lines.push(...pairTable(overall, r.raters.map((x) => x.name)));
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

function pairTable(m: PairwiseMatrix, names: string[]): string[] {
  return table([['', ...names], ...m.cells.map((row, i) => [names[i], ...row.map((c) => (c ? `${f2(c.alphaInterval)} (${c.clips})` : '—'))])]);
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  ').trimEnd());
}
