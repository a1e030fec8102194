// Turns a run's evaluation reports into the rows the Results screen shows: per emotion (and over all
// emotions) the value and bootstrap 95 % interval of one metric for each predictor — the fine-tuned
// (pretrained backbone) model, the from-scratch baseline, the all-zero and the training-mean predictor.
import type { EvaluationReport, RunResults } from '../../../src-main/contract/methods/training-ui';
import { EMOTIONS } from '../../../src-main/contract/emotions';

export type MetricKey = 'mae' | 'accuracy' | 'f1';
export type PredictorKey = 'pretrained' | 'scratch' | 'allZero' | 'mean';

export const METRICS: Record<MetricKey, { name: string; short: string; better: 'lower' | 'higher'; max: number; percent: boolean }> = {
  mae: { name: 'Mean absolute error (0–3 scale)', short: 'MAE', better: 'lower', max: 3, percent: false },
  accuracy: { name: '4-class accuracy', short: 'Accuracy', better: 'higher', max: 1, percent: true },
  f1: { name: 'F1 of "present" (rounded intensity ≥ 1)', short: 'F1', better: 'higher', max: 1, percent: false },
};

export const PREDICTORS: Record<PredictorKey, { name: string; colour: string }> = {
  pretrained: { name: 'Pretrained backbone (fine-tuned)', colour: '#1d3f66' },
  scratch: { name: 'From scratch (baseline)', colour: '#c0602a' },
  allZero: { name: 'All-zero predictor', colour: '#8f9aa6' },
  mean: { name: 'Training-mean predictor', colour: '#cfd6de' },
};

export interface Cell { value: number | null; low: number | null; high: number | null }
export interface Row { key: string; label: string; cells: Partial<Record<PredictorKey, Cell>> }

type Report = EvaluationReport['model'];
type Intervals = NonNullable<EvaluationReport['intervals']>['model'];

function cell(metrics: Report, intervals: Intervals | undefined, metric: MetricKey, emotion: (typeof EMOTIONS)[number] | null): Cell {
  if (emotion === null) {
    if (metric === 'f1') return { value: metrics.presentF1, low: null, high: null };
    const iv = intervals?.[metric];
    return { value: metrics[metric], low: iv?.low ?? null, high: iv?.high ?? null };
  }
  const pe = metrics.perEmotion[emotion];
  const ie = intervals?.perEmotion[emotion];
  if (metric === 'f1') return { value: pe.present.f1, low: ie?.presentF1?.low ?? null, high: ie?.presentF1?.high ?? null };
  return { value: pe[metric], low: ie?.[metric].low ?? null, high: ie?.[metric].high ?? null };
}

export function predictorsOf(r: RunResults): { key: PredictorKey; metrics: Report; intervals?: Intervals }[] {
  const out: { key: PredictorKey; metrics: Report; intervals?: Intervals }[] = [
    { key: 'pretrained', metrics: r.finetuned.model, intervals: r.finetuned.intervals?.model },
  ];
  if (r.baseline) out.push({ key: 'scratch', metrics: r.baseline.model, intervals: r.baseline.intervals?.model });
  out.push({ key: 'allZero', metrics: r.finetuned.allZero, intervals: r.finetuned.intervals?.allZero });
  out.push({ key: 'mean', metrics: r.finetuned.trainMean, intervals: r.finetuned.intervals?.trainMean });
  return out;
}

export function rows(r: RunResults, metric: MetricKey): Row[] {
  const preds = predictorsOf(r);
  const make = (key: string, label: string, emotion: (typeof EMOTIONS)[number] | null): Row => ({
    key, label, cells: Object.fromEntries(preds.map((p) => [p.key, cell(p.metrics, p.intervals, metric, emotion)])),
  });
  return [...EMOTIONS.map((e) => make(e, e, e)), make('all', 'All emotions', null)];
}

export function format(v: number | null, metric: MetricKey): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return METRICS[metric].percent ? `${(100 * v).toFixed(1)} %` : v.toFixed(2);
}
