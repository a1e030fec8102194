// `npm run cli -- extract`: a real CLI process on a reference clip — CSV header with COVAREP names, one row
// per frame, --json summary. (One process only: each CLI start costs several seconds under tsx.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths';
import { refWavDir } from './reference';

const dir = mkdtempSync(join(tmpdir(), 'extract-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), ...args];

describe('cli extract', () => {
  it('writes the CSV and prints a JSON summary', () => {
    const out = join(dir, 'saw.csv');
    const stdout = execFileSync(process.execPath, cli(['extract', join(refWavDir, 'edge_saw200_1s.wav'), '--out', out, '--json']), { cwd: repoRoot, encoding: 'utf8' });
    const summary = JSON.parse(stdout) as { frames: number; durationS: number; extractSeconds: number; status: string; columns: string[] };
    expect(summary.frames).toBe(100);
    expect(summary.durationS).toBeCloseTo(1, 6);
    expect(summary.extractSeconds).toBeGreaterThan(0);
    expect(summary.status).toBe('ok');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 2)).toEqual(['F0', 'VUV']);
    expect(header).toContain('MCEP_24');
    expect(header).toEqual(summary.columns);
    expect(lines.length).toBe(101);
    const row50 = lines[51].split(',').map(Number);
    expect(row50[0]).toBe(200);
    expect(row50[1]).toBe(1);
  });
});
