// The project CLI commands, run as real subprocesses (npm run cli = tsx src-main/cli/main.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, ravdessClip } from '../support/paths';
import { RAVDESS_FIVE } from '../support/audio-files';
import { openProjectDb } from '../../src-main/db/project-db';
import { commands } from '../../src-main/cli/commands/index';
import { CliError } from '../../src-main/cli/command';

/**
 * In-process run of a command, capturing what it prints: the CLI's start-up (every command's modules,
 * tfjs included) costs seconds per process, so only exit codes and stderr are checked in subprocesses.
 */
let captured = '';
async function runInProcess(name: string, argv: string[]): Promise<string> {
  const command = commands.find((c) => c.name === name)!;
  const write = process.stdout.write.bind(process.stdout);
  captured = '';
  process.stdout.write = ((chunk: string | Uint8Array) => { captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(); return true; }) as typeof process.stdout.write;
  try {
    const code = await command.run(argv);
    return `exit ${code ?? 0}`;
  } catch (err) {
    if (err instanceof CliError) return err.message;
    throw err;
  } finally {
    process.stdout.write = write;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ew-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const project = join(dir, 'p.sqlite');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cli: import, clips, labels export', () => {
  it('every command has --help; bad input exits non-zero with a one-line error', async () => {
    // One subprocess per behaviour (exit code, one line on stderr), the other cases in-process.
    const help = cli('labels', 'export', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run cli -- labels export/);
    for (const name of ['import', 'clips', 'labels import']) expect(await runInProcess(name, ['--help'])).toBe('exit 0');

    const missing = cli('import', ravdessClip(1, '03-01-01-01-01-01-01'));
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/^error: --project <file.sqlite> is required/);
    const notAProject = join(dir, 'notes.sqlite');
    writeFileSync(notAProject, '%PDF-1.4 not a database' + ' '.repeat(200));
    expect(await runInProcess('clips', ['--project', notAProject])).toMatch(/notes\.sqlite is not a project file/);

    const cases: Array<[string, string[], RegExp]> = [
      ['import', ['--project', project], /give at least one file/],
      ['import', ['x.wav', '--project', project, '--speaker-rule', 'bogus'], /unknown speaker rule "bogus"/],
      ['clips', ['--project', join(dir, 'missing.sqlite')], /no such project file/],
      ['clips', ['--project', project, '--bogus'], /Unknown option '--bogus'/],
      ['labels export', ['--project', project, '--format', 'xml'], /--format must be csv or json \(got "xml"\)/],
      ['labels import', ['x.csv', '--project', project], /--annotator <name> is required/],
    ];
    for (const [name, args, message] of cases) expect(await runInProcess(name, args), `${name} ${args.join(' ')}`).toMatch(message);
  }, 300_000);

  it('imports, lists clips as JSON and exports labels as CSV and JSON', async () => {
    const files = RAVDESS_FIVE.slice(0, 3).map(([a, s]) => ravdessClip(a, s));
    const bad = join(dir, 'fake.wav');
    writeFileSync(bad, '%PDF-1.4\n');
    const imp = cli('import', ...files, bad, '--project', project, '--json');
    expect(imp.code).toBe(1); // one file failed
    const result = JSON.parse(imp.out);
    expect(result).toMatchObject({ state: 'done', imported: 3, failed: 1 });
    expect(result.errors).toEqual([{ file: bad, reason: 'not an audio file (found PDF header)' }]);

    expect(await runInProcess('clips', ['--project', project, '--json'])).toBe('exit 0');
    const clips = JSON.parse(captured);
    expect(clips).toHaveLength(3);
    expect(clips[0]).toMatchObject({ speakerId: 'Actor_01', sampleRate: 16000, labelledBy: 0 });

    // Label through the services (the UI's path), then export.
    const p = openProjectDb(project);
    p.write(() => {
      const a = p.annotators.insert('Dr, "Quote"');
      p.labels.append(clips[0].id, a.id, { happy: 3, sad: 0, anger: 1, surprise: 0, disgust: 0, fear: 2 });
    });
    p.close();
    expect(await runInProcess('labels export', ['--project', project, '--format', 'csv'])).toBe('exit 0');
    const lines = captured.trim().split('\r\n');
    expect(lines[0]).toBe('clip_id,file_name,speaker_id,content_hash,annotator,version,happy,sad,anger,surprise,disgust,fear,not_rateable,comment,labelled_at');
    expect(lines[1]).toMatch(/^\d+,03-01-01-01-01-01-01\.flac,Actor_01,[0-9a-f]{64},"Dr, ""Quote""",1,3,0,1,0,0,2,,,/);
    const outFile = join(dir, 'labels.json');
    expect(await runInProcess('labels export', ['--project', project, '--format', 'json', '--out', outFile])).toBe('exit 0');
    expect(JSON.parse(readFileSync(outFile, 'utf8'))[0]).toMatchObject({ annotator: 'Dr, "Quote"', happy: 3, fear: 2 });
  }, 300_000);

  it('labels import: lists every bad row with its line and imports nothing, then imports a valid file', async () => {
    const bad = join(dir, 'bad-ratings.csv');
    writeFileSync(bad, 'file,happy,sad,anger,surprise,disgust,fear\n03-01-01-01-01-01-01.flac,1,0,0,0,0,0\nnope.wav,0,0,0,0,0,0\n03-01-03-01-01-01-01.flac,4,0,0,0,0,x\n');
    expect(await runInProcess('labels import', [bad, '--project', project, '--annotator', 'External'])).toMatch(/bad-ratings\.csv: 3 problems, nothing imported/);
    expect(captured).toContain('line 3: no clip named "nope.wav"');
    expect(captured).toContain('line 4: happy = "4" is not an intensity 0, 1, 2 or 3');
    expect(captured).toContain('line 4: fear = "x" is not an intensity');
    const good = join(dir, 'ratings.csv');
    writeFileSync(good, 'file,happy,sad,anger,surprise,disgust,fear,notes\r\n03-01-01-01-01-01-01.flac,1,0,0,2,0,0,"fine, clear"\r\n03-01-03-01-01-01-01.flac,0,3,0,0,0,1,\r\n');
    expect(await runInProcess('labels import', [good, '--project', project, '--annotator', 'External'])).toBe('exit 0');
    const consensusFile = join(dir, 'consensus.json');
    expect(await runInProcess('labels export', ['--project', project, '--format', 'json', '--kind', 'consensus', '--out', consensusFile])).toBe('exit 0');
    const rows = JSON.parse(readFileSync(consensusFile, 'utf8'));
    expect(rows.find((row: { file_name: string }) => row.file_name === '03-01-01-01-01-01-01.flac')).toMatchObject({ happy: 2, surprise: 1, fear: 1, rater_count: 2 });
  }, 300_000);

  it('audit verify / export: an intact chain passes, a tampered row is named', async () => {
    expect(await runInProcess('audit verify', ['--project', project])).toBe('exit 0');
    const out = join(dir, 'audit.csv');
    expect(await runInProcess('audit export', ['--project', project, '--entity', 'label', '--out', out])).toBe('exit 0');
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,entity,entity_id,before,after');
    expect(lines.length).toBeGreaterThan(2);
    expect(await runInProcess('audit export', ['--project', project, '--from', 'yesterday'])).toMatch(/--from must be a date/);
    const raw = openProjectDb(project).db;
    raw.exec('DROP TRIGGER audit_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE id = 2").run();
    raw.close();
    expect(await runInProcess('audit verify', ['--project', project])).toBe('audit trail broken at row 2: row 2 was modified after it was written');
  });
});
