// The labelling screen's keyboard map (src-renderer/lib/shortcuts.ts): every emotion has its own key,
// no key means two things, and the on-screen help lists every key the handler knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src-main/contract/emotions';
import { EMOTION_BY_KEY, EMOTION_KEYS, SHORTCUT_GROUPS } from '../../src-renderer/lib/shortcuts';
import { repoRoot } from '../support/paths';

const helpKeys = SHORTCUT_GROUPS.flatMap((g) => g.items.flatMap((i) => i.keys));

describe('keyboard map', () => {
  it('gives each emotion its own letter, and maps it back', () => {
    const letters = EMOTIONS.map((e) => EMOTION_KEYS[e]);
    expect(new Set(letters).size).toBe(EMOTIONS.length);
    EMOTIONS.forEach((e, i) => expect(EMOTION_BY_KEY[EMOTION_KEYS[e].toLowerCase()]).toBe(i));
  });

  it('never lists the same key for two actions', () => {
    const seen = helpKeys.filter((k) => k.length === 1 || /^[A-Z]$/.test(k)).map((k) => k.toLowerCase());
    const dupes = seen.filter((k, i) => seen.indexOf(k) !== i);
    expect(dupes).toEqual([]);
  });

  it('lists in the help every letter the key handler acts on', () => {
    // The handler's single-letter cases, read from its source: a key added there must be documented.
    const src = readFileSync(join(repoRoot, 'src-renderer', 'features', 'labeling', 'labeling-screen.svelte'), 'utf8');
    const handled = [...src.matchAll(/case '([a-zA-Z[\]=+-])'/g)].map((m) => m[1].toUpperCase());
    const documented = new Set(helpKeys.map((k) => k.toUpperCase()));
    const missing = [...new Set(handled)].filter((k) => k !== '+' && !documented.has(k));
    expect(missing).toEqual([]);
    expect(handled.length).toBeGreaterThan(8);
  });
});
