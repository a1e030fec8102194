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

  it('drives playback from the keyboard, undoes a change, and stores "not rateable" with a comment', async () => {
    await page.keyboard.press('j'); // the next clip in the queue
    await page.locator('.player[data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-status="unlabelled"]').waitFor();
    const file = await page.locator('.clip-head h2').textContent();
    const clip = (await h.call<ClipSummary[]>('clips.list', {})).find((c) => c.fileName === file)!;
    const annotatorId = (await h.call<{ id: number }[]>('annotators.list'))[0].id;

    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await expect(page.getByLabel('Speed').inputValue()).resolves.toBe('1.5');
    await page.keyboard.press('-');
    await expect(page.getByLabel('Volume').inputValue()).resolves.toBe('0.9');
    await page.keyboard.press('l');
    await expect(page.getByRole('button', { name: /Loop selection/ }).getAttribute('aria-pressed')).resolves.toBe('true');

    await page.keyboard.press('1'); // happy → weak
    await page.locator('[data-status="saved"]').waitFor();
    await expect(h.call<Label>('labels.get', { clipId: clip.id, annotatorId }).then((l) => l.values.happy)).resolves.toBe(1);
    await page.keyboard.press('Control+z');
    await expect(checkedValue('happy')).resolves.toBe('0 none');
    await page.locator('[data-status="saved"]').waitFor();
    await expect.poll(async () => (await h.call<Label>('labels.get', { clipId: clip.id, annotatorId })).values.happy).toBe(0);

    await page.keyboard.press('x');
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');
    await page.getByLabel(/Not rateable/).selectOption('no-speech');
    await page.keyboard.press('Escape'); // back from the field to the shortcuts
    await page.keyboard.press('c');
    await page.keyboard.type('door slam over the speech');
    await page.keyboard.press('Escape');
    await expect.poll(async () => {
      const l = await h.call<Label>('labels.get', { clipId: clip.id, annotatorId });
      return [l.notRateable, l.comment];
    }, { timeout: 10_000 }).toEqual(['no-speech', 'door slam over the speech']);

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help.textContent()).resolves.toContain('Loop the selection');
    await page.keyboard.press('Escape');
    await expect(help.isVisible()).resolves.toBe(false);
  });

  it('locks after the idle time until the rater confirms who they are', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const idle = await context.newPage();
    await idle.clock.install(); // a fake clock: five idle minutes pass in an instant
    await idle.goto(h.server.url);
    await idle.getByLabel('Annotator', { exact: true }).first().selectOption({ label: 'Rater A' });
    await idle.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Raters' }).click();
    await idle.getByLabel(/Lock after idle/).selectOption('5');
    await expect.poll(async () => (await h.call<{ idleLockMinutes: number }>('workbench.settings')).idleLockMinutes).toBe(5);
    const lock = idle.getByRole('dialog', { name: /Locked after 5 idle minutes/ });
    await idle.clock.fastForward('04:00');
    await expect(lock.isVisible()).resolves.toBe(false);
    await idle.clock.fastForward('01:30');
    await lock.waitFor();
    await lock.getByRole('button', { name: 'Continue as Rater A' }).click();
    await expect(lock.isVisible()).resolves.toBe(false);
    await h.call('workbench.setSettings', { idleLockMinutes: 0 });
    await context.close();
  });

  it('shows the label change in the audit trail', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit trail' }).click();
    await page.getByLabel('Entity').selectOption('label');
    const rows = page.locator('tr[data-entity="label"]');
    await rows.first().waitFor();
    // The keyboard-labelled clip (clip 1): its newest audit row holds the final values and who set them.
    const row = rows.filter({ hasText: '"disgust":2' }).first();
    await expect(row.textContent()).resolves.toContain('Rater A');
    const audit = await h.call<AuditEntry[]>('audit.list', { entity: 'label' });
    const clip1 = audit.filter((a) => String(a.entityId).startsWith('1/'));
    expect((clip1[0].after as { values: Record<string, number> }).values).toEqual({ happy: 2, sad: 0, anger: 1, surprise: 0, disgust: 2, fear: 1 });
    expect(clip1[0].actor).toBe('Rater A');
    expect(pageErrors).toEqual([]);
  });
});
