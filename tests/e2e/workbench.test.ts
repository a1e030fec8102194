// Issue 7, end to end in real headless Chromium against browser mode: keyboard-only labelling of ten
// clips, two raters labelling blind, the agreement view against an independent computation, nothing
// lost when the page closes mid-edit, and an automated accessibility check (axe) of every view.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotator, ClipSummary, Label } from '../../src-main/contract/api';
import { EMOTIONS, type EmotionValues } from '../../src-main/contract/emotions';
import { ravdessRoot, repoRoot } from '../support/paths';
import { alphaInterval, icc2 } from './support/reference-agreement';
import { createAnnotatorThroughUi, importThroughUi, startHarness, type Harness } from './support/harness';

let h: Harness;
const actorDir = join(ravdessRoot, 'audio', 'Actor_03');
const TEN = readdirSync(actorDir).filter((f) => f.endsWith('.flac')).sort().slice(0, 10);

/** Rater A's and rater B's values for clip index c: deterministic, related but not identical. */
function valuesFor(rater: 'A' | 'B', c: number): EmotionValues {
  const v = {} as EmotionValues;
  EMOTIONS.forEach((e, i) => {
    const a = (c * 7 + i * 3 + ((c * i) % 5)) % 4;
    v[e] = rater === 'A' ? a : Math.max(0, Math.min(3, a + ((c + i) % 3 === 0 ? 1 : (c + 2 * i) % 4 === 0 ? -1 : 0)));
  });
  return v;
}

async function waitForSettled(page: Page): Promise<void> {
  await page.locator('[data-status="saved"], [data-status="unlabelled"]').waitFor();
}

/** Labels all ten clips with the keyboard only: N, then six digits and Enter per clip. */
async function labelTenByKeyboard(page: Page, rater: 'A' | 'B'): Promise<void> {
  await page.locator('.clip-list[data-count="10"]').waitFor();
  await page.locator('body').press('n');
  for (let k = 0; k < 10; k++) {
    const heading = page.locator('.clip-head h2');
    await heading.waitFor();
    const file = (await heading.textContent())!;
    const c = TEN.indexOf(file);
    expect(c).toBeGreaterThanOrEqual(0);
    const v = valuesFor(rater, c);
    for (const e of EMOTIONS) await page.keyboard.press(String(v[e]));
    await page.keyboard.press('Enter'); // keep and go to the next unlabelled clip
    if (k < 9) await expect.poll(() => heading.textContent()).not.toBe(file);
  }
  await page.locator('.progress[data-labelled="10"]').waitFor();
  await waitForSettled(page);
}

async function storedValues(annotatorName: string): Promise<Map<string, EmotionValues>> {
  const annotator = (await h.call<Annotator[]>('annotators.list')).find((a) => a.name === annotatorName)!;
  const clips = await h.call<ClipSummary[]>('clips.list', { annotatorId: annotator.id });
  const out = new Map<string, EmotionValues>();
  for (const c of clips) {
    const label = await h.call<Label | null>('labels.get', { clipId: c.id, annotatorId: annotator.id });
    if (label) out.set(c.fileName, label.values);
  }
  return out;
}

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

beforeAll(async () => {
  h = await startHarness('workbench.sqlite');
});
afterAll(async () => {
  await h?.close();
});

describe('labelling workbench (issue 7)', () => {
  let pageA: Page;

  it('rater A labels ten clips with the keyboard only and the stored values match', async () => {
    ({ page: pageA } = await h.openPage());
    await createAnnotatorThroughUi(pageA, 'Rater A');
    await importThroughUi(pageA, TEN.map((f) => join(actorDir, f)));
    await h.cancelBackgroundJobs();
    await pageA.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Label' }).click();
    await labelTenByKeyboard(pageA, 'A');
    const stored = await storedValues('Rater A');
    expect(stored.size).toBe(10);
    for (const [file, values] of stored) expect(values, file).toEqual(valuesFor('A', TEN.indexOf(file)));
  });

  it('rater B labels the same clips blind, and the agreement view matches an independent computation', async () => {
    const { page: pageB } = await h.openPage();
    await createAnnotatorThroughUi(pageB, 'Rater B');
    await expect(pageB.getByLabel('Blind (hide other raters)').isChecked()).resolves.toBe(true);
    await labelTenByKeyboard(pageB, 'B');
    // Blind: rater A's values were never shown to rater B.
    await expect(pageB.getByRole('table', { name: "Other raters' current values" }).count()).resolves.toBe(0);
    const stored = await storedValues('Rater B');
    for (const [file, values] of stored) expect(values, file).toEqual(valuesFor('B', TEN.indexOf(file)));

    await pageB.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Agreement' }).click();
    await pageB.locator('tr[data-scope="overall"]').waitFor({ timeout: 60_000 });
    const scopes = [...EMOTIONS, 'overall'] as const;
    for (const scope of scopes) {
      const emotions = scope === 'overall' ? EMOTIONS : [scope];
      const units: number[][] = [];
      const matrix: number[][] = [];
      for (let c = 0; c < 10; c++) {
        for (const e of emotions) {
          const pair = [valuesFor('A', c)[e], valuesFor('B', c)[e]];
          units.push(pair);
          matrix.push(pair);
        }
      }
      const row = pageB.locator(`tr[data-scope="${scope}"]`);
      const shownAlpha = Number(await row.getAttribute('data-alpha-interval'));
      const shownIcc = Number(await row.getAttribute('data-icc21'));
      const alpha = alphaInterval(units);
      const icc = icc2(matrix);
      expect(shownAlpha, `${scope} alpha`).toBeCloseTo(alpha, 9);
      expect(shownIcc, `${scope} ICC(2,1)`).toBeCloseTo(icc.single, 9);
      expect(Number(await row.getAttribute('data-icc2k')), `${scope} ICC(2,k)`).toBeCloseTo(icc.average, 9);
      await expect(row.locator('.alpha-interval').textContent()).resolves.toMatch(new RegExp(`^${alpha.toFixed(3).replace('.', '\\.')}`));
      await expect(row.locator('.icc21').textContent()).resolves.toMatch(new RegExp(`^${icc.single.toFixed(3).replace('.', '\\.')}`));
    }
    await pageB.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'agreement.png') });
    await expectNoSeriousViolations(pageB, 'agreement view');
    // Turning blind mode off shows rater A's values for the open clip.
    await pageB.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Label' }).click();
    await pageB.getByLabel('Blind (hide other raters)').uncheck();
    await expect(pageB.getByRole('table', { name: "Other raters' current values" }).locator('tbody tr th').first().textContent()).resolves.toBe('Rater A');
    await pageB.context().close();
  });

  it('loses nothing when the page is closed right after an edit', async () => {
    const { context, page } = await h.openPage();
    // A fresh tab: choose rater A again (the choice is per browser profile).
    await page.getByLabel('Annotator', { exact: true }).first().selectOption({ label: 'Rater A' });
    await page.locator('.clip-list[data-count="10"]').waitFor();
    await page.locator('#clip-row-1').click();
    await waitForSettled(page);
    const before = (await h.call<Label>('labels.get', { clipId: 1, annotatorId: 1 })).values;
    const newFear = (before.fear + 1) % 4;
    await page.keyboard.press('f');
    await page.keyboard.press(String(newFear));
    await page.close({ runBeforeUnload: true }); // within the autosave delay: only the unload flush can save it
    await expect.poll(async () => (await h.call<Label>('labels.get', { clipId: 1, annotatorId: 1 })).values.fear, { timeout: 5000 }).toBe(newFear);
    await context.close();
  });

  it('has no serious accessibility violations on the labelling, import and audit views', async () => {
    await expectNoSeriousViolations(pageA, 'labelling view');
    await pageA.keyboard.press('?');
    await pageA.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectNoSeriousViolations(pageA, 'shortcut help');
    await pageA.keyboard.press('Escape');
    for (const view of ['Import', 'Audit trail']) {
      await pageA.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
      await pageA.waitForTimeout(300);
      await expectNoSeriousViolations(pageA, view);
    }
  });
});
