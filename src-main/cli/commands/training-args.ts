// Argument handling shared by the training CLI commands (pretrain, finetune, evaluate, predict): the data
// source (a project file, or a folder of feature CSVs + optional labels CSV), numbers, lists, and the
// one-line progress printer. Errors are CliErrors with the flag named.
import { parseArgs } from 'node:util';
import { CliError } from '../command';
import { openProjectDb, type ProjectDb } from '../../db/project-db';
import type { BackendName } from '../../ml/engine/index';
import type { FeatureClip } from '../../ml/dataset';
import type { TrainProgress } from '../../ml/train-loop';
import { applyLabelsCsv, featureDirClips, projectClips, type ProjectClip } from '../../services/training-data';

export const SOURCE_OPTIONS = {
  project: { type: 'string' },
  features: { type: 'string' },
  labels: { type: 'string' },
  'training-set': { type: 'string' },
  json: { type: 'boolean' },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;

export const SOURCE_USAGE = `Data (one of):
  --project <file>     a project file: its clips' features, consensus labels and speakers; results are stored in it
  --features <dir>     a folder of feature CSVs, one clip per file (header: the 74 COVAREP names; file stem = clip key)
  --labels <csv>       with --features: clip,speaker,happy,sad,anger,surprise,disgust,fear (speaker may be empty)
  --training-set <id>  with --project: use the labels frozen in this training set (default: current consensus)
Common:
  --seed <n>           random seed (default 1): same seed, same data, same backend → same model
  --backend <name>     tfjs-node | wasm-simd | js (default: the fastest available)
  --json               print one JSON object instead of text`;

export function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(argv: string[], options: T, command: string): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]} (run "${command} --help" for usage)`);
  }
}

export function num(v: string | boolean | undefined, flag: string, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n))) {
    throw new CliError(`${flag} must be ${opts.int ? 'a whole number' : 'a number'}, got "${String(v)}"`);
  }
  if (opts.min !== undefined && n < opts.min) throw new CliError(`${flag} must be at least ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) throw new CliError(`${flag} must be at most ${opts.max}, got ${n}`);
  return n;
}

export function list(v: string | boolean | undefined): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function choice<T extends string>(v: string | boolean | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new CliError(`${flag} must be one of ${allowed.join(', ')}, got "${String(v)}"`);
  return v as T;
}

export function backendArg(v: string | boolean | undefined): BackendName | undefined {
  return choice(v, '--backend', ['tfjs-node', 'wasm-simd', 'js'] as const);
}

export interface DataSource { project: ProjectDb | null; clips: (FeatureClip | ProjectClip)[]; label: string; close(): void }

export function openSource(values: Record<string, string | boolean | undefined>, command: string, opts: { readonly?: boolean } = {}): DataSource {
  const project = typeof values.project === 'string' ? values.project : undefined;
  const features = typeof values.features === 'string' ? values.features : undefined;
  if (!project === !features) throw new CliError(`give either --project <file> or --features <dir> (run "${command} --help" for usage)`);
  if (project) {
    if (values.labels) throw new CliError('--labels goes with --features; a project keeps its own labels');
    const db = openProjectDb(project, { readonly: opts.readonly });
    try {
      const ts = values['training-set'];
      const trainingSetId = ts === undefined ? undefined : num(ts, '--training-set', { int: true, min: 1 });
      const clips = projectClips(db, { trainingSetId });
      if (clips.length === 0) throw new CliError(`${project}: no clip has features yet. Run "extract --project ${project}" (or import features) first.`);
      return { project: db, clips, label: project, close: () => db.close() };
    } catch (err) {
      db.close();
      throw err;
    }
  }
  let clips = featureDirClips(features!);
  if (typeof values.labels === 'string') clips = applyLabelsCsv(clips, values.labels);
  return { project: null, clips, label: features!, close: () => {} };
}

/** Prints throttled progress lines to stderr (never on stdout, which --json keeps clean). */
export function progressPrinter(enabled: boolean): (p: TrainProgress) => void {
  return (p) => {
    if (!enabled) return;
    const eta = p.etaMs === null ? '' : `, ETA ${Math.round(p.etaMs / 1000)} s`;
    const loss = Number.isFinite(p.loss) ? `, loss ${p.loss.toFixed(4)}` : '';
    process.stderr.write(`${p.phase}: epoch ${p.epoch}/${p.epochs}, step ${p.step}/${p.steps}${loss}${eta}\n`);
  };
}

export function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}
