// `bench-train` from a terminal: one JSON line with the agreed keys (values not asserted: speed is
// measured by `npm run bench -- train`, not by tests), and a one-line error for bad flags.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'src-main', 'cli', 'main.ts'), 'bench-train', ...args], { cwd: repoRoot });

describe('bench-train CLI', () => {
  it('prints one JSON line with backend and throughput figures', async () => {
    const { stdout } = await cli('--frames', '6', '--batch', '3', '--steps', '1', '--json');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(r.backend).toBe('wasm-simd');
    for (const key of ['msPerStep', 'trainTimestepsPerSecond', 'inferenceFramesPerSecond']) {
      expect(typeof r[key], key).toBe('number');
      expect(r[key] as number, key).toBeGreaterThan(0);
    }
    expect(r.trainGflopPerStep).toBeCloseTo(37.25 * (18 / 9600), 2);
  });

  it('rejects a bad flag value with a one-line error and a non-zero exit', async () => {
    const err = await cli('--frames', 'many').then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr.trim()).toMatch(/^error: --frames must be a whole number/);
  });
});
