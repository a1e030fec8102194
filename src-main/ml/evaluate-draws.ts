// Summary over repeated labelled draws — the evaluation protocol of Nimitsurachat & Washington (AI 2024,
// arXiv 2307.12343): each labelled-set size is drawn several times (three seeds), the model fine-tuned
// on each draw and scored on the same held-out speakers, and the scores reported as mean ± std (sample
// standard deviation, n − 1). The all-zero and training-mean references are summarised the same way, and
// the draws where the model beats all-zero are counted per metric (lower MSE/MAE, higher accuracy).
import type { EvaluationReport, Metrics } from './metrics';

export interface MeanStd { mean: number; std: number; values: number[] }
export interface DrawMetrics { mse: MeanStd; mae: MeanStd; accuracy: MeanStd; macroF1: MeanStd }
export interface DrawSummary {
  draws: number;
  model: DrawMetrics;
  allZero: DrawMetrics;
  trainMean: DrawMetrics;
  beatsAllZero: { mse: number; mae: number; accuracy: number };
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, values: [...values] };
}

function summarise(ms: readonly Metrics[]): DrawMetrics {
  return {
    mse: meanStd(ms.map((m) => m.mse)), mae: meanStd(ms.map((m) => m.mae)),
    accuracy: meanStd(ms.map((m) => m.accuracy)), macroF1: meanStd(ms.map((m) => m.macroF1)),
  };
}

export function summariseDraws(reports: readonly EvaluationReport[]): DrawSummary {
  if (reports.length === 0) throw new Error('summariseDraws: no evaluations to summarise');
  const n = reports[0].model.n;
  if (reports.some((r) => r.model.n !== n)) throw new Error('summariseDraws: the draws were evaluated on different held-out sets');
  return {
    draws: reports.length,
    model: summarise(reports.map((r) => r.model)),
    allZero: summarise(reports.map((r) => r.allZero)),
    trainMean: summarise(reports.map((r) => r.trainMean)),
    beatsAllZero: {
      mse: reports.filter((r) => r.model.mse < r.allZero.mse).length,
      mae: reports.filter((r) => r.model.mae < r.allZero.mae).length,
      accuracy: reports.filter((r) => r.model.accuracy > r.allZero.accuracy).length,
    },
  };
}
