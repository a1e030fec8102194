// `npm run cli -- bench-train --frames 300 --batch 32 --steps N [--json]`: training and backbone-inference
// throughput of the masked-GRU engine on the paper's pretraining model (74 → GRU256 → GRU256 → Dense74).
import { parseArgs } from 'node:util';
import type { BackendName } from '../../ml/engine';
import { benchTrain } from '../../ml/engine/bench';
import { CliError, wantsHelp, type CliCommand } from '../command';

const usage = `usage: npm run cli -- bench-train [--frames 300] [--batch 32] [--steps 5] [--backend tfjs-node|wasm-simd|js] [--threads 2] [--json]

Times one Adam step of masked-frame pretraining (74 → GRU256 → GRU256 → Dense74 on every frame, MSE)
and one backbone forward pass (both GRU layers) on a synthetic batch of --batch clips × --frames frames,
averaged over --steps calls after one warm-up call. The machine should be otherwise idle.

  --frames <n>    frames per clip (default 300 = 3 s)
  --batch <n>     clips per batch (default 32)
  --steps <n>     timed calls of each kind (default 5)
  --backend <b>   force a backend (default: the best available, as training uses)
  --threads <n>   wasm-simd threads, 1 or 2 (default 2)
  --json          print one JSON line {backend, msPerStep, trainTimestepsPerSecond, inferenceFramesPerSecond, …}`;

function intArg(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new CliError(`${flag} must be a whole number in ${min}…${max}, got "${value}"`);
  return Number(value);
}

export const benchTrainCommand: CliCommand = {
  name: 'bench-train',
  summary: 'training and inference throughput of the GRU engine (ms/step, timesteps/s)',
  usage,
  async run(argv) {
    if (wantsHelp(argv)) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    let values: { frames?: string; batch?: string; steps?: string; backend?: string; threads?: string; json?: boolean };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          frames: { type: 'string' },
          batch: { type: 'string' },
          steps: { type: 'string' },
          backend: { type: 'string' },
          threads: { type: 'string' },
          json: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new CliError(`${(err as Error).message} (see --help)`);
    }
    const backend = values.backend as BackendName | undefined;
    if (backend !== undefined && !['tfjs-node', 'wasm-simd', 'js'].includes(backend)) {
      throw new CliError(`--backend must be tfjs-node, wasm-simd or js, got "${backend}"`);
    }
    const result = await benchTrain({
      frames: intArg(values.frames, '--frames', 300, 1, 100_000),
      batch: intArg(values.batch, '--batch', 32, 1, 4096),
      steps: intArg(values.steps, '--steps', 5, 1, 10_000),
      threads: intArg(values.threads, '--threads', 2, 1, 2),
      backend,
    });
    if (values.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return 0;
    }
    process.stdout.write(
      [
        `backend ${result.backend} (${result.threads} thread${result.threads > 1 ? 's' : ''}), batch ${result.batch} × ${result.frames} frames`,
        `train:     ${result.msPerStep} ms/step, ${result.trainTimestepsPerSecond} timesteps/s, ${result.trainGflopPerSecond} GFLOP/s (${result.trainGflopPerStep} GFLOP/step)`,
        `inference: ${result.inferenceMsPerBatch} ms/batch, ${result.inferenceFramesPerSecond} frames/s, ${result.inferenceGflopPerSecond} GFLOP/s`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
