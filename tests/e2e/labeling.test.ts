// Issue 3, end to end in real headless Chromium against browser mode on a temporary project: import five
// RAVDESS clips through the UI, label one clip with the keyboard only, reload, find the labels again, and
// find the change in the audit trail.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AuditEntry, ClipSummary, Label } from '../../src-main/contract/api';
import { EMOTIONS } from '../../src-main/contract/emotions';
import { ravdessClip, repoRoot } from '../support/paths';
import { createAnnotatorThroughUi, FIVE_CLIPS, importThroughUi, startHarness, type Harness } from './support/harness';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness();
  ({ page, errors: pageErrors } = await h.openPage());
});

afterAll(async () => {
  await h?.close();
});

async function checkedValue(emotion: string): Promise<string | null> {
  return page.getByRole('radiogroup', { name: emotion, exact: true }).getByRole('radio', { checked: true }).textContent();
}

describe('labelling screen (issue 3)', () => {
  it('keeps the token out of the address bar', async () => {
    expect(page.url()).not.toContain('token=');
    await expect(page.title()).resolves.toBe('Emotion Workstation');
  });

  it('creates an annotator and imports five clips through the UI', async () => {
    await createAnnotatorThroughUi(page, 'Rater A');
    await importThroughUi(page, FIVE_CLIPS.map(([actor, stem]) => ravdessClip(actor, stem)));
    await h.cancelBackgroundJobs();
    await expect(page.locator('.progress').textContent()).resolves.toContain('5 imported, 0 with errors');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Label' }).click();
    await page.locator('.clip-list[data-count="5"]').waitFor();
    const clips = await h.call<ClipSummary[]>('clips.list', {});
    expect(clips.map((c) => c.fileName).sort()).toEqual(FIVE_CLIPS.map(([, s]) => `${s}.flac`).sort());
  });

  it('labels one clip with the keyboard only, and the label survives a reload', async () => {
    // Every control has the emotion's name as its accessible name.
    for (const e of EMOTIONS) await expect(page.getByRole('radiogroup', { name: e, exact: true }).count()).resolves.toBe(1);

    await page.locator('body').press('n'); // next unlabelled: the first clip
    await page.locator('.player[data-ready="true"]').waitFor({ timeout: 30_000 });
    const fileName = await page.locator('.clip-head h2').textContent();
    // 0–3 set the picked emotion and move on: happy 2, sad 0, anger 1, surprise 0, disgust 3, fear 1 …
    for (const key of ['2', '0', '1', '0', '3', '1']) await page.keyboard.press(key);
    // … then D picks disgust again and ← lowers it to 2; Space plays and pauses the clip.
    await page.keyboard.press('d');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await page.keyboard.press(' ');
    await page.locator('[data-status="saved"]').waitFor();
    const expected = { happy: 2, sad: 0, anger: 1, surprise: 0, disgust: 2, fear: 1 };

    const clip = (await h.call<ClipSummary[]>('clips.list', {})).find((c) => c.fileName === fileName)!;
    const annotatorId = (await h.call<{ id: number }[]>('annotators.list'))[0].id;
    const stored = await h.call<Label>('labels.get', { clipId: clip.id, annotatorId });
    expect(stored.values).toEqual(expected);

    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'labeling.png') });

    await page.reload();
    await page.locator('.player[data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect(page.locator('.clip-head h2').textContent()).resolves.toBe(fileName);
    await page.locator('[data-status="saved"]').waitFor();
    const names = ['none', 'weak', 'somewhat', 'strong'];
    for (const e of EMOTIONS) {
      await expect(checkedValue(e)).resolves.toBe(`${expected[e]} ${names[expected[e]]}`);
    }
    await expect(page.locator(`#clip-row-${clip.id}`).getAttribute('data-labelled')).resolves.toBe('true');
    await expect(page.locator('.progress').first().getAttribute('data-labelled')).resolves.toBe('1');
  });

  it('shows the label change in the audit trail', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit trail' }).click();
    const rows = page.locator('tr[data-entity="label"]');
    await rows.first().waitFor();
    // The first keyboard burst and the later correction may be one or two versions (autosave debounces);
    // the newest row must hold the final values.
    await expect(rows.first().textContent()).resolves.toContain('"disgust":2');
    const audit = await h.call<AuditEntry[]>('audit.list', { entity: 'label' });
    const newest = audit.find((a) => a.entity === 'label')!;
    expect((newest.after as { values: Record<string, number> }).values).toMatchObject({ happy: 2, disgust: 2, fear: 1 });
    expect(newest.actor).toBe('Rater A');
    expect(pageErrors).toEqual([]);
  });
});
