// The per-emotion agreement table built from label rows, checked against the reference computations on
// the same numbers laid out by hand: per-emotion and pooled units, not-rateable as missing, pairwise
// cells, repeats and gold, and the seeded bootstrap.
import { describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionValues } from '../../src-main/contract/emotions';
import { computeAgreement, type RaterLabel } from '../../src-main/services/agreement/report';
import { createRng } from '../../src-main/ml/rng';
import { alphaByPairs, iccByVarianceComponents } from './support/reference';

function values(...v: number[]): EmotionValues {
  return Object.fromEntries(EMOTIONS.map((e, i) => [e, v[i]])) as EmotionValues;
}

// Two raters, 10 clips, plus a third rater on 4 of them and one "not rateable" judgement.
const rng = createRng(7);
const A = Array.from({ length: 10 }, () => values(...EMOTIONS.map(() => rng.int(4))));
const B = A.map((v) => values(...EMOTIONS.map((e) => Math.min(3, Math.max(0, v[e] + (rng.next() < 0.3 ? 1 : rng.next() < 0.2 ? -1 : 0))))));
const C = A.slice(0, 4).map((v) => values(...EMOTIONS.map((e) => (rng.next() < 0.5 ? v[e] : 3 - v[e]))));
const raters = [{ id: 11, name: 'Ana' }, { id: 12, name: 'Ben' }, { id: 13, name: 'Cy' }];
const labels: RaterLabel[] = [
  ...A.map((v, i) => ({ clipId: 100 + i, raterId: 11, values: v })),
  ...B.map((v, i) => ({ clipId: 100 + i, raterId: 12, values: i === 9 ? null : v })), // Ben: clip 109 not rateable
  ...C.map((v, i) => ({ clipId: 100 + i, raterId: 13, values: v })),
  { clipId: 100, raterId: 99, values: values(3, 3, 3, 3, 3, 3) }, // a rater not asked for: ignored
];

describe('computeAgreement: per emotion and overall', () => {
  const report = computeAgreement({ raters, labels, bootstrap: { replicates: 200, seed: 5 } });

  it('has the six emotions then overall, with clip and rater counts', () => {
    expect(report.scopes.map((s) => s.scope)).toEqual([...EMOTIONS, 'overall']);
    const happy = report.scopes[0];
    expect(happy.clips).toBe(9); // clip 109 has only Ana's rating: not pairable
    expect(happy.raters).toBe(3);
    expect(happy.pairableValues).toBe(9 * 2 + 4);
    expect(report.notRateableExcluded).toBe(1);
  });

  it('alpha per emotion equals the pairwise definition on the hand-built clips × raters matrix', () => {
    for (const [e, emotion] of EMOTIONS.entries()) {
      const units = A.map((a, i) => [a[emotion], i === 9 ? null : B[i][emotion], i < 4 ? C[i][emotion] : null]);
      const s = report.scopes[e];
      const interval = alphaByPairs(units, 'interval');
      if (Number.isFinite(interval)) expect(s.alphaInterval.value!).toBeCloseTo(interval, 10);
      const ordinal = alphaByPairs(units, 'ordinal');
      if (Number.isFinite(ordinal)) expect(s.alphaOrdinal.value!).toBeCloseTo(ordinal, 10);
    }
  });

  it('ICC per emotion uses the clips every rater rated (complete cases) and equals the variance-components form', () => {
    for (const [e, emotion] of EMOTIONS.entries()) {
      const rows = [0, 1, 2, 3].map((i) => [A[i][emotion], B[i][emotion], C[i][emotion]]);
      const s = report.scopes[e];
      expect(s.iccClips).toBe(4);
      expect(s.iccRaters).toBe(3);
      const ref = iccByVarianceComponents(rows);
      if (Number.isFinite(ref.icc21)) {
        expect(s.icc21.value!).toBeCloseTo(ref.icc21, 10);
        expect(s.icc2k.value!).toBeCloseTo(ref.icc2k, 10);
      } else {
        expect(s.icc21.value).toBeNull();
      }
    }
  });

  it('overall pools clip × emotion units', () => {
    const units = A.flatMap((a, i) => EMOTIONS.map((e) => [a[e], i === 9 ? null : B[i][e], i < 4 ? C[i][e] : null]));
    const overall = report.scopes[6];
    expect(overall.alphaInterval.value!).toBeCloseTo(alphaByPairs(units, 'interval'), 10);
    expect(overall.pairableValues).toBe(6 * (9 * 2 + 4));
    expect(overall.clips).toBe(9);
    const rows = [0, 1, 2, 3].flatMap((i) => EMOTIONS.map((e) => [A[i][e], B[i][e], C[i][e]]));
    expect(overall.iccClips).toBe(24);
    expect(overall.icc21.value!).toBeCloseTo(iccByVarianceComponents(rows).icc21, 10);
  });

  it('bootstrap CIs are reproducible with the seed and change with another seed', () => {
    const again = computeAgreement({ raters, labels, bootstrap: { replicates: 200, seed: 5 } });
    const other = computeAgreement({ raters, labels, bootstrap: { replicates: 200, seed: 6 } });
    const o = report.scopes[6];
    expect(again.scopes[6].alphaInterval.ci95).toEqual(o.alphaInterval.ci95);
    expect(other.scopes[6].alphaInterval.ci95).not.toEqual(o.alphaInterval.ci95);
    expect(o.alphaInterval.ci95![0]).toBeLessThan(o.alphaInterval.ci95![1]);
    expect(o.alphaInterval.bootstrapValid).toBeGreaterThan(150);
    expect(o.icc21.ci95F).not.toBeNull();
    expect(report.bootstrap).toMatchObject({ replicates: 200, seed: 5, level: 0.95 });
  });

  it('bootstrap 0 gives point estimates without bootstrap CIs', () => {
    const r = computeAgreement({ raters, labels, bootstrap: { replicates: 0 } });
    expect(r.scopes[6].alphaInterval.value).toBeCloseTo(report.scopes[6].alphaInterval.value!, 12);
    expect(r.scopes[6].alphaInterval.ci95).toBeNull();
  });
});

describe('computeAgreement: pairwise matrices', () => {
  const report = computeAgreement({ raters, labels, bootstrap: { replicates: 0 } });
  it('is symmetric with an empty diagonal, and a cell equals the two-rater computation', () => {
    const m = report.pairwise.find((p) => p.scope === 'sad')!.cells;
    expect(m[0][0]).toBeNull();
    expect(m[0][1]).toEqual(m[1][0]);
    expect(m[0][1]!.clips).toBe(9);
    expect(m[0][2]!.clips).toBe(4);
    const units = A.slice(0, 9).map((a, i) => [a.sad, B[i].sad]);
    expect(m[0][1]!.alphaInterval!).toBeCloseTo(alphaByPairs(units, 'interval'), 10);
    expect(m[0][1]!.icc21!).toBeCloseTo(iccByVarianceComponents(units).icc21, 10);
  });
});

describe('computeAgreement: repeats and gold', () => {
  const first = values(0, 1, 2, 3, 0, 1);
  const repeats = [
    { clipId: 100, raterId: 11, first, second: values(0, 1, 2, 3, 0, 1) },
    { clipId: 101, raterId: 11, first: values(3, 2, 1, 0, 0, 0), second: values(2, 2, 1, 0, 1, 0) },
    { clipId: 102, raterId: 12, first, second: values(1, 1, 2, 3, 0, 1) },
  ];
  const gold = new Map([[100, A[0]], [101, values(0, 0, 0, 0, 0, 0)]]);
  const report = computeAgreement({ raters, labels, repeats, gold, bootstrap: { replicates: 0 } });

  it('intra-rater: per rater and pooled, exact-match rate and alpha over first vs repeat', () => {
    const ana = report.intraRater.find((r) => r.rater.id === 11)!;
    const overall = ana.scopes.find((s) => s.scope === 'overall')!;
    expect(overall.pairs).toBe(2);
    expect(overall.exactRate).toBeCloseTo(10 / 12, 12);
    const units = [...EMOTIONS.map((e) => [first[e], first[e]]), [3, 2], [2, 2], [1, 1], [0, 0], [0, 1], [0, 0]];
    expect(overall.alphaInterval!).toBeCloseTo(alphaByPairs(units, 'interval'), 10);
    expect(report.intraRater.map((r) => r.rater.id)).toEqual([11, 12]);
    expect(report.intraRaterPooled.find((s) => s.scope === 'overall')!.exactRate).toBeCloseTo((10 + 5) / 18, 12); // Ana 10 of 12 cells, Ben 5 of 6
  });

  it('gold: MAE and exact-match rate on the gold clips each rater rated', () => {
    const ana = report.gold.find((g) => g.rater.id === 11)!;
    expect(ana.clips).toBe(2);
    const diff = EMOTIONS.map((e) => A[1][e]);
    expect(ana.mae.overall!).toBeCloseTo(diff.reduce((s, x) => s + x, 0) / 12, 12);
    expect(ana.exactRate.overall!).toBeCloseTo((6 + diff.filter((x) => x === 0).length) / 12, 12);
    expect(ana.mae.happy!).toBeCloseTo(A[1].happy / 2, 12);
    const cy = report.gold.find((g) => g.rater.id === 13)!;
    expect(cy.clips).toBe(2);
  });

  it('notes what is unavailable', () => {
    const bare = computeAgreement({ raters, labels, bootstrap: { replicates: 0 } });
    expect(bare.notes.join(' ')).toMatch(/no hidden repeats/);
    expect(bare.notes.join(' ')).toMatch(/no gold clips/);
    expect(bare.intraRater).toEqual([]);
    expect(bare.gold).toEqual([]);
  });
});
