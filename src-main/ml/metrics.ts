// Evaluation metrics of Nimitsurachat & Washington, "Self-Supervised Learning for Audio-Based Emotion
// Recognition" (AI 2024, arXiv 2307.12343), as specified in docs/SCIENCE.md:
//  - MAE over all six emotion columns and per emotion;
//  - 4-class accuracy: each value (prediction AND target — consensus targets are means over raters, so
//    they are real numbers too) rounded half-up, x − ⌊x⌋ ≥ 0.5 → ⌈x⌉, clipped to {0,1,2,3}; exact matches,
//    overall and per emotion;
//  - F1 per emotion for the binary class "present" (rounded value ≥ 1), and macro-F1 over the four
//    classes; per-emotion 4×4 confusion matrices;
//  - the all-zero (majority) and the training-mean predictor, scored with the same code beside every
//    model, because emotion labels are mostly 0 and accuracy alone flatters "predict nothing";
//  - bootstrap 95 % confidence intervals (percentile method, seeded; resampling clips, or whole
//    speakers when groups are given, since clips of one speaker are not independent).
import { EMOTIONS, INTENSITY_MAX, type Emotion } from '../contract/emotions';
import { createRng } from './rng';

export const EMOTION_COUNT = EMOTIONS.length;

/** Round half up (x − ⌊x⌋ ≥ 0.5 → ⌈x⌉), then clip to the four classes 0–3. NaN counts as class 0. */
export function roundIntensity(x: number): number {
  if (!Number.isFinite(x)) return x === Infinity ? INTENSITY_MAX : 0;
  const f = Math.floor(x);
  const r = x - f >= 0.5 ? f + 1 : f;
  return Math.min(INTENSITY_MAX, Math.max(0, r));
}

export interface BinaryScores { precision: number | null; recall: number | null; f1: number | null; support: number }

export interface EmotionMetrics {
  mae: number;
  mse: number;
  accuracy: number;
  /** Binary F1 of "present" (rounded ≥ 1). null when neither targets nor predictions contain it. */
  present: BinaryScores;
  /** Mean F1 over the classes 0–3 that occur in the targets or the predictions (scikit-learn's default label set). */
  macroF1: number;
  /** confusion[true][predicted] over the classes 0–3. */
  confusion: number[][];
}

export interface Metrics {
  n: number;
  mae: number;
  mse: number;
  accuracy: number;
  /** Mean over emotions of the per-emotion four-class macro-F1. */
  macroF1: number;
  /** Mean over emotions of the binary "present" F1 (emotions where it is defined). */
  presentF1: number | null;
  perEmotion: Record<Emotion, EmotionMetrics>;
}

/** Rows × 6 values, row-major, in EMOTIONS order. */
export type EmotionMatrix = ArrayLike<number>;

function checkShapes(pred: EmotionMatrix, target: EmotionMatrix): number {
  if (pred.length !== target.length || target.length % EMOTION_COUNT !== 0) {
    throw new Error(`metrics: predictions (${pred.length} values) and targets (${target.length}) must both be N × ${EMOTION_COUNT}`);
  }
  return target.length / EMOTION_COUNT;
}

function f1Of(tp: number, fp: number, fn: number): number | null {
  const denom = 2 * tp + fp + fn;
  return denom === 0 ? null : (2 * tp) / denom;
}

/** All metrics over the rows listed in `rows` (default: every row; repeats allowed, for the bootstrap). */
export function computeMetrics(pred: EmotionMatrix, target: EmotionMatrix, rows?: ArrayLike<number>): Metrics {
  const total = checkShapes(pred, target);
  const idx = rows ?? Array.from({ length: total }, (_, i) => i);
  const n = idx.length;
  if (n === 0) throw new Error('metrics: no clips to evaluate');
  const perEmotion = {} as Record<Emotion, EmotionMetrics>;
  let absSum = 0;
  let sqSum = 0;
  let hits = 0;
  let macroSum = 0;
  let presentSum = 0;
  let presentCount = 0;
  for (let e = 0; e < EMOTION_COUNT; e++) {
    const confusion = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    let abs = 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      const p = pred[i * EMOTION_COUNT + e];
      const t = target[i * EMOTION_COUNT + e];
      abs += Math.abs(p - t);
      sq += (p - t) * (p - t);
      confusion[roundIntensity(t)][roundIntensity(p)]++;
    }
    let correct = 0;
    for (let c = 0; c < 4; c++) correct += confusion[c][c];
    // Binary "present": classes 1–3 against 0.
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let t = 0; t < 4; t++) {
      for (let p = 0; p < 4; p++) {
        const v = confusion[t][p];
        if (t >= 1 && p >= 1) tp += v;
        else if (t === 0 && p >= 1) fp += v;
        else if (t >= 1 && p === 0) fn += v;
      }
    }
    const precision = tp + fp === 0 ? null : tp / (tp + fp);
    const recall = tp + fn === 0 ? null : tp / (tp + fn);
    const f1 = f1Of(tp, fp, fn);
    // Four-class macro-F1 over the classes that occur (in targets or predictions).
    let classF1Sum = 0;
    let classes = 0;
    for (let c = 0; c < 4; c++) {
      let rowSum = 0;
      let colSum = 0;
      for (let o = 0; o < 4; o++) { rowSum += confusion[c][o]; colSum += confusion[o][c]; }
      const cf1 = f1Of(confusion[c][c], colSum - confusion[c][c], rowSum - confusion[c][c]);
      if (cf1 !== null) { classF1Sum += cf1; classes++; }
    }
    const macroF1 = classes === 0 ? 0 : classF1Sum / classes;
    perEmotion[EMOTIONS[e]] = {
      mae: abs / n,
      mse: sq / n,
      accuracy: correct / n,
      present: { precision, recall, f1, support: tp + fn },
      macroF1,
      confusion,
    };
    absSum += abs;
    sqSum += sq;
    hits += correct;
    macroSum += macroF1;
    if (f1 !== null) { presentSum += f1; presentCount++; }
  }
  return {
    n,
    mae: absSum / (n * EMOTION_COUNT),
    mse: sqSum / (n * EMOTION_COUNT),
    accuracy: hits / (n * EMOTION_COUNT),
    macroF1: macroSum / EMOTION_COUNT,
    presentF1: presentCount === 0 ? null : presentSum / presentCount,
    perEmotion,
  };
}

/** The majority predictor: 0 for every emotion of every clip. */
export function zeroPredictions(n: number): Float32Array {
  return new Float32Array(n * EMOTION_COUNT);
}

/** Per-emotion mean of the training targets (the best constant under MSE). */
export function columnMeans(target: EmotionMatrix): Float32Array {
  const n = checkShapes(target, target);
  const mean = new Float32Array(EMOTION_COUNT);
  if (n === 0) return mean;
  for (let i = 0; i < n; i++) for (let e = 0; e < EMOTION_COUNT; e++) mean[e] += target[i * EMOTION_COUNT + e];
  for (let e = 0; e < EMOTION_COUNT; e++) mean[e] /= n;
  return mean;
}

/** The training-mean predictor: every clip gets `mean` (from the training labels, never the test labels). */
export function constantPredictions(n: number, mean: ArrayLike<number>): Float32Array {
  const out = new Float32Array(n * EMOTION_COUNT);
  for (let i = 0; i < n; i++) for (let e = 0; e < EMOTION_COUNT; e++) out[i * EMOTION_COUNT + e] = mean[e];
  return out;
}

export interface Interval { estimate: number; low: number; high: number }

/** The scalar summaries the bootstrap reports intervals for. */
export interface MetricIntervals {
  mae: Interval;
  accuracy: Interval;
  macroF1: Interval;
  perEmotion: Record<Emotion, { mae: Interval; accuracy: Interval; presentF1: Interval | null }>;
}

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /**
   * Group id per row (e.g. speaker): whole groups are resampled, which is the honest interval when rows
   * of one group are correlated. Default: rows are resampled independently.
   */
  groups?: ArrayLike<string | number>;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Percentile-bootstrap confidence intervals for the headline metrics. Deterministic given the seed. */
export function bootstrapIntervals(pred: EmotionMatrix, target: EmotionMatrix, opts: BootstrapOptions = {}): MetricIntervals {
  const n = checkShapes(pred, target);
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const rng = createRng(opts.seed ?? 1);
  // Rows grouped into resampling units.
  let units: number[][];
  if (opts.groups) {
    const byGroup = new Map<string | number, number[]>();
    for (let i = 0; i < n; i++) {
      const g = opts.groups[i];
      const list = byGroup.get(g);
      if (list) list.push(i); else byGroup.set(g, [i]);
    }
    units = [...byGroup.keys()].sort((a, b) => String(a).localeCompare(String(b))).map((g) => byGroup.get(g)!);
  } else {
    units = Array.from({ length: n }, (_, i) => [i]);
  }
  const point = computeMetrics(pred, target);
  const samples = {
    mae: [] as number[], accuracy: [] as number[], macroF1: [] as number[],
    emotion: EMOTIONS.map(() => ({ mae: [] as number[], accuracy: [] as number[], f1: [] as number[] })),
  };
  for (let r = 0; r < resamples; r++) {
    const rows: number[] = [];
    for (let u = 0; u < units.length; u++) rows.push(...units[rng.int(units.length)]);
    const m = computeMetrics(pred, target, rows);
    samples.mae.push(m.mae);
    samples.accuracy.push(m.accuracy);
    samples.macroF1.push(m.macroF1);
    EMOTIONS.forEach((e, k) => {
      const pe = m.perEmotion[e];
      samples.emotion[k].mae.push(pe.mae);
      samples.emotion[k].accuracy.push(pe.accuracy);
      if (pe.present.f1 !== null) samples.emotion[k].f1.push(pe.present.f1);
    });
  }
  const alpha = (1 - level) / 2;
  const interval = (estimate: number, values: number[]): Interval => {
    const sorted = [...values].sort((a, b) => a - b);
    return { estimate, low: percentile(sorted, alpha), high: percentile(sorted, 1 - alpha) };
  };
  const perEmotion = {} as MetricIntervals['perEmotion'];
  EMOTIONS.forEach((e, k) => {
    const pe = point.perEmotion[e];
    perEmotion[e] = {
      mae: interval(pe.mae, samples.emotion[k].mae),
      accuracy: interval(pe.accuracy, samples.emotion[k].accuracy),
      // Resamples in which F1 is undefined (no positives drawn, none predicted) are left out.
      presentF1: pe.present.f1 === null || samples.emotion[k].f1.length === 0 ? null : interval(pe.present.f1, samples.emotion[k].f1),
    };
  });
  return {
    mae: interval(point.mae, samples.mae),
    accuracy: interval(point.accuracy, samples.accuracy),
    macroF1: interval(point.macroF1, samples.macroF1),
    perEmotion,
  };
}

/** A model's metrics with the two reference predictors scored on the same clips. */
export interface EvaluationReport {
  model: Metrics;
  allZero: Metrics;
  trainMean: Metrics;
  intervals?: { model: MetricIntervals; allZero: MetricIntervals; trainMean: MetricIntervals };
}

export function evaluateWithReferences(
  pred: EmotionMatrix, target: EmotionMatrix, trainTargetMean: ArrayLike<number>,
  bootstrap?: BootstrapOptions | false,
): EvaluationReport {
  const n = checkShapes(pred, target);
  const zero = zeroPredictions(n);
  const mean = constantPredictions(n, trainTargetMean);
  const report: EvaluationReport = {
    model: computeMetrics(pred, target),
    allZero: computeMetrics(zero, target),
    trainMean: computeMetrics(mean, target),
  };
  if (bootstrap !== false) {
    const o = bootstrap ?? {};
    report.intervals = {
      model: bootstrapIntervals(pred, target, o),
      allZero: bootstrapIntervals(zero, target, o),
      trainMean: bootstrapIntervals(mean, target, o),
    };
  }
  return report;
}
