// Training and Results screens end to end in real headless Chromium against browser mode: ten RAVDESS
// clips of three speakers imported through the UI, their features extracted by the app itself, consensus
// labels saved through the API (the README's emotion mapping), the Training screen first refusing
// (too few labels) and then fine-tuning the shipped backbone with the from-scratch baseline — started
// from the keyboard — with the progress bar running to completion, and the Results screen showing the
// per-emotion table (all four predictors), the chart and the confusion matrices. Axe checks both screens.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotator, ClipSummary } from '../../src-main/contract/api';
import type { FeaturesOverview } from '../../src-main/contract/methods/features';
import type { TrainingOverview } from '../../src-main/contract/methods/training-ui';
import { EMOTIONS, zeroEmotionValues } from '../../src-main/contract/emotions';
import { ravdessClip, repoRoot } from '../support/paths';
import { importThroughUi, startHarness, type Harness } from './support/harness';

// RAVDESS emotion code → the six-emotion scale (README mapping; normal intensity = 2, neutral = all 0).
const EMOTION_OF: Record<string, (typeof EMOTIONS)[number] | null> = { '01': null, '03': 'happy', '04': 'sad', '05': 'anger' };
const CLIPS: [number, string][] = [
  [1, '01'], [1, '03'], [1, '04'], [1, '05'],
  [2, '01'], [2, '03'], [2, '05'],
  [3, '03'], [3, '04'], [3, '05'],
];
const stem = (actor: number, emotion: string): string => `03-01-${emotion}-01-01-01-${String(actor).padStart(2, '0')}`;

let h: Harness;

async function gotoView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
}

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).include('main').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

beforeAll(async () => {
  h = await startHarness('training.sqlite');
});
afterAll(async () => {
  await h?.close();
});

describe('training and results screens', () => {
  it('fine-tunes the shipped backbone from the UI and shows per-emotion results', async () => {
    const { page, errors } = await h.openPage({ width: 1400, height: 1000 });
    await importThroughUi(page, CLIPS.map(([a, e]) => ravdessClip(a, stem(a, e))));

    // The app extracts features by itself after an import; wait for all ten.
    await expect.poll(async () => (await h.call<FeaturesOverview>('features.overview', {})).ready, { timeout: 60_000, interval: 1000 }).toBe(CLIPS.length);

    // Before any label: the screen says why fine-tuning cannot start, and the button is disabled.
    await gotoView(page, 'Training');
    await page.locator('[data-count="features"]', { hasText: String(CLIPS.length) }).waitFor();
    await expect.poll(() => page.locator('[data-problem="too-few-labels"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Start fine-tuning' }).isDisabled()).toBe(true);

    // Consensus labels through the API (one annotator: consensus = their values).
    const annotator = await h.call<Annotator>('annotators.create', { name: 'Rater A' });
    const clips = await h.call<ClipSummary[]>('clips.list', {});
    for (const c of clips) {
      const code = c.fileName.split('-')[2];
      const values = zeroEmotionValues();
      const emotion = EMOTION_OF[code];
      if (emotion) values[emotion] = 2;
      await h.call('labels.save', { clipId: c.id, annotatorId: annotator.id, values });
    }
    const overview = await h.call<TrainingOverview>('training.overview', {});
    expect(overview).toMatchObject({ withFeatures: 10, labelled: 10, usable: 10, speakers: 3, problems: [] });
    expect(overview.backbones.find((b) => b.source === 'shipped')?.usable).toBe(true);

    await page.getByRole('button', { name: 'Refresh counts' }).click();
    await page.locator('[data-count="usable"]', { hasText: '10' }).waitFor();
    expect(await page.locator('[data-problem]').count()).toBe(0);
    expect(await page.getByLabel('Pretrained backbone').inputValue()).toBe('shipped');
    await expectNoSeriousViolations(page, 'training');

    // Few epochs keep the from-scratch baseline short on a shared 2-core machine; started from the keyboard.
    await page.getByLabel('Epochs', { exact: true }).fill('5');
    expect(await page.getByLabel(/Also train the from-scratch baseline/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Start fine-tuning' }).focus();
    await page.keyboard.press('Enter');
    const progress = page.locator('section.progress');
    await progress.waitFor();
    await page.locator('section.progress[data-state="done"]').waitFor({ timeout: 75_000 });
    const bar = progress.locator('progress');
    expect(await bar.evaluate((el: HTMLProgressElement) => el.value === el.max)).toBe(true);
    expect(await progress.textContent()).toMatch(/Fine-tuned on \d+ labelled clips/);

    await page.getByRole('button', { name: 'Show the results' }).click();
    const table = page.locator('table.metrics');
    await table.waitFor();
    // Six emotions + the overall row, four predictors (fine-tuned, baseline, all-zero, mean).
    expect(await table.locator('tbody tr').count()).toBe(7);
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Emotion', 'Pretrained backbone (fine-tuned)', 'From scratch (baseline)', 'All-zero predictor', 'Training-mean predictor',
    ]);
    for (const e of EMOTIONS) expect(await table.locator(`tr[data-emotion="${e}"] td`).count()).toBe(4);
    // Accuracy cells are percentages with an interval.
    expect(await table.locator('tr[data-emotion="all"] td').first().textContent()).toMatch(/\d+\.\d %\s*\(\d+\.\d %–\d+\.\d %\)/);
    await page.getByRole('radio', { name: 'MAE' }).check();
    await page.locator('table.metrics[data-metric="mae"]').waitFor();
    expect(await page.getByRole('img', { name: /Bar chart of Mean absolute error/ }).count()).toBe(1);
    expect(await page.locator('.confusion table').count()).toBe(6);
    await expect.poll(() => page.getByRole('note').textContent()).toMatch(/all-zero predictor/);
    await page.getByRole('radio', { name: 'Accuracy' }).check();
    await expectNoSeriousViolations(page, 'results');
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'training.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 150_000);
});
