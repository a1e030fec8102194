// Speaker-independent splits (docs/SCIENCE.md "What this product adds"): a speaker's clips are never on
// both sides of a split, because clinical data sets are small and a speaker leak inflates every number.
// Protocol of Nimitsurachat & Washington (AI 2024): 80 % train / 20 % evaluation, labelled samples of a
// given size drawn from the training side (three draws per size).
import { createRng } from './rng';

export interface SpeakerSplit {
  train: number[];
  test: number[];
  trainSpeakers: string[];
  testSpeakers: string[];
}

/**
 * Splits items by speaker: a seeded shuffle of the distinct speakers, the first ⌈fraction × S⌉ (at least
 * one, at most S − 1) held out. `testSpeakers` instead fixes the held-out speakers.
 */
export function splitBySpeaker(
  speakers: readonly string[], opts: { testFraction?: number; seed?: number; testSpeakers?: readonly string[] } = {},
): SpeakerSplit {
  const distinct = [...new Set(speakers)].sort();
  let held: Set<string>;
  if (opts.testSpeakers) {
    held = new Set(opts.testSpeakers);
    const unknown = [...held].filter((s) => !distinct.includes(s));
    if (unknown.length) throw new Error(`held-out speaker(s) ${unknown.join(', ')} have no clips`);
  } else {
    if (distinct.length < 2) {
      throw new Error(`a speaker-independent split needs clips from at least 2 speakers (found ${distinct.length}); set the speaker of each clip`);
    }
    const fraction = opts.testFraction ?? 0.2;
    const k = Math.min(distinct.length - 1, Math.max(1, Math.ceil(fraction * distinct.length)));
    held = new Set(createRng(opts.seed ?? 1).shuffle([...distinct]).slice(0, k));
  }
  const train: number[] = [];
  const test: number[] = [];
  speakers.forEach((s, i) => (held.has(s) ? test : train).push(i));
  const result: SpeakerSplit = {
    train, test,
    trainSpeakers: distinct.filter((s) => !held.has(s)),
    testSpeakers: distinct.filter((s) => held.has(s)),
  };
  assertSpeakerIndependent(speakers, train, test);
  return result;
}

/** Throws if any speaker has clips on both sides. */
export function assertSpeakerIndependent(speakers: readonly string[], a: readonly number[], b: readonly number[]): void {
  const left = new Set(a.map((i) => speakers[i]));
  const shared = [...new Set(b.map((i) => speakers[i]))].filter((s) => left.has(s));
  if (shared.length) throw new Error(`speaker leak: ${shared.join(', ')} on both sides of the split`);
}

/** A seeded draw of n items from `pool` without replacement (the labelled sample of the protocol). */
export function drawSample(pool: readonly number[], n: number, seed: number): number[] {
  if (n > pool.length) throw new Error(`cannot draw ${n} labelled clips from ${pool.length}`);
  return createRng(seed).shuffle([...pool]).slice(0, n);
}
