// Issue 7, end to end in real headless Chromium against browser mode: keyboard-only labelling of ten
// clips, two raters labelling blind, the agreement view against an independent computation, an
// adjudication changing the consensus export, nothing lost when the page closes mid-edit, the audit chain
// verified and a tampered row detected, and an automated accessibility check (axe) of every view.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
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

async function gotoView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
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
    await gotoView(pageA, 'Label');
    await labelTenByKeyboard(pageA, 'A');
    const stored = await storedValues('Rater A');
    expect(stored.size).toBe(10);
    for (const [file, values] of stored) expect(values, file).toEqual(valuesFor('A', TEN.indexOf(file)));
  });

  it('rater B labels the same clips blind, and the agreement view matches an independent computation', async () => {
    // Rater A (any annotator) switches the project to blind mode; the change is audited.
    await gotoView(pageA, 'Raters');
    await pageA.getByLabel(/Blind mode/).check();
    await expect.poll(async () => (await h.call<{ blindMode: boolean }>('workbench.settings')).blindMode).toBe(true);

    const { page: pageB } = await h.openPage();
    await createAnnotatorThroughUi(pageB, 'Rater B');
    await pageB.locator('.progress .blind').waitFor();
    await labelTenByKeyboard(pageB, 'B');
    // Blind: rater A's values are not shown to rater B, and the service refuses them too.
    await expect(pageB.getByRole('table', { name: "Other raters' current values" }).count()).resolves.toBe(0);
    const idB = (await h.call<Annotator[]>('annotators.list')).find((a) => a.name === 'Rater B')!.id;
    const seen = await h.call<{ ratings: Array<{ annotator: string }> }>('labels.forClip', { clipId: 1, annotatorId: idB });
    expect(seen.ratings.map((r) => r.annotator)).toEqual(['Rater B']);
    const stored = await storedValues('Rater B');
    for (const [file, values] of stored) expect(values, file).toEqual(valuesFor('B', TEN.indexOf(file)));

    await gotoView(pageB, 'Agreement');
    await pageB.locator('tr[data-scope="overall"]').waitFor({ timeout: 60_000 });
    const scopes = [...EMOTIONS, 'overall'] as const;
    for (const scope of scopes) {
      const emotions = scope === 'overall' ? EMOTIONS : [scope];
      const units: number[][] = [];
      for (let c = 0; c < 10; c++) {
        for (const e of emotions) units.push([valuesFor('A', c)[e], valuesFor('B', c)[e]]);
      }
      const row = pageB.locator(`tr[data-scope="${scope}"]`);
      const alpha = alphaInterval(units);
      const icc = icc2(units);
      expect(Number(await row.getAttribute('data-alpha-interval')), `${scope} alpha`).toBeCloseTo(alpha, 9);
      expect(Number(await row.getAttribute('data-icc21')), `${scope} ICC(2,1)`).toBeCloseTo(icc.single, 9);
      expect(Number(await row.getAttribute('data-icc2k')), `${scope} ICC(2,k)`).toBeCloseTo(icc.average, 9);
      await expect(row.locator('.alpha-interval').textContent()).resolves.toMatch(new RegExp(`^${alpha.toFixed(3).replace('.', '\\.')}`));
      await expect(row.locator('.icc21').textContent()).resolves.toMatch(new RegExp(`^${icc.single.toFixed(3).replace('.', '\\.')}`));
    }
    await pageB.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'agreement.png') });
    await expectNoSeriousViolations(pageB, 'agreement view');
    await pageB.context().close();
  });

  it('an adjudication changes the consensus export', async () => {
    await gotoView(pageA, 'Raters');
    await pageA.getByLabel('Role of Rater A').selectOption('adjudicator');
    // The raters differ by at most 1 here: a threshold of 1 puts those clips in the adjudication queue.
    await pageA.getByLabel(/Disagreement threshold/).selectOption('1');
    await expect.poll(async () => (await h.call<{ disagreementThreshold: number }>('workbench.settings')).disagreementThreshold).toBe(1);
    await gotoView(pageA, 'Review');
    await pageA.getByRole('button', { name: 'Save final values' }).waitFor();
    const fileName = (await pageA.locator('.clip h4').textContent())!.split(' speaker')[0].trim();
    // The consensus export as a user would download it (JSON: one row per clip, six emotion columns).
    type Row = Record<string, number | string> & { file_name: string; source: string };
    const consensusOf = async (): Promise<Row> => {
      const rows = JSON.parse((await h.call<{ text: string }>('labels.export', { kind: 'consensus', format: 'json' })).text) as Row[];
      return rows.find((r) => r.file_name === fileName)!;
    };
    const sixOf = (r: Row) => Object.fromEntries(EMOTIONS.map((e) => [e, r[e]]));
    const was = await consensusOf();
    expect(was.source).toBe('mean');
    const final = { happy: 3, sad: 3, anger: 3, surprise: 3, disgust: 3, fear: 3 };
    for (const e of EMOTIONS) await pageA.getByRole('radiogroup', { name: e, exact: true }).getByRole('radio', { name: /strong/ }).click();
    await pageA.getByLabel(/Reason for the final values/).fill('both raters under-rated');
    await pageA.getByRole('button', { name: 'Save final values' }).click();
    await expect.poll(async () => (await consensusOf()).source).toBe('adjudicated');
    const after = await consensusOf();
    expect(sixOf(after)).toEqual(final);
    expect(sixOf(after)).not.toEqual(sixOf(was));

    // The training-set definition is explicit and recorded: here, only clips the raters agree on or
    // that were adjudicated.
    await pageA.getByLabel('Name', { exact: true }).fill('agreed or adjudicated');
    await pageA.getByLabel(/Leave out clips where raters disagree/).check();
    await pageA.getByRole('button', { name: 'Record training set' }).click();
    type Set = { name: string; clipCount: number; definition: { requireAgreement: boolean; useAdjudication: boolean } };
    await expect.poll(async () => (await h.call<Set[]>('trainingSets.list')).length).toBe(1);
    const [set] = await h.call<Set[]>('trainingSets.list');
    expect(set).toMatchObject({ name: 'agreed or adjudicated', definition: { requireAgreement: true, useAdjudication: true } });
    expect(set.clipCount).toBeGreaterThanOrEqual(1); // at least the adjudicated clip
    expect(set.clipCount).toBeLessThan(10); // the clips the raters disagree on are left out
    await expect(pageA.getByRole('table', { name: 'Recorded training sets' }).textContent()).resolves.toContain('agreed or adjudicated');
  });

  it('flags a clip for review: the "Flagged" queue holds it until the flag is resolved', async () => {
    await gotoView(pageA, 'Label');
    await pageA.locator('.player[data-ready="true"]').waitFor();
    const file = await pageA.locator('.clip-head h2').textContent();
    await pageA.getByLabel('Flag for review').fill('clipping at the end');
    await pageA.getByRole('button', { name: 'Flag', exact: true }).click();
    await expect.poll(async () => (await h.call<unknown[]>('flags.list')).length).toBe(1);
    await pageA.getByRole('combobox', { name: 'Queue', exact: true }).selectOption('flagged');
    await pageA.locator('.clip-list[data-count="1"]').waitFor();
    await expect(pageA.locator('.clip-list .row .file').textContent()).resolves.toBe(file);
    // The flag is shown on the clip; resolving it closes it (and it leaves the Flagged queue).
    const flags = pageA.getByRole('list', { name: 'Open flags on this clip' });
    await expect(flags.textContent()).resolves.toContain('clipping at the end');
    await flags.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(async () => (await h.call<unknown[]>('flags.list')).length).toBe(0);
    await pageA.getByRole('combobox', { name: 'Queue', exact: true }).selectOption('import');
  });

  it('hidden repeats open empty, are rated by keyboard, and measure intra-rater consistency', async () => {
    await gotoView(pageA, 'Raters');
    await pageA.getByLabel(/Share of a rater/).fill('20');
    await pageA.locator('tr[data-annotator="Rater A"]').getByRole('button', { name: /Plan 20/ }).click();
    await expect.poll(async () => (await h.call<{ pendingRepeats: number }>('queue.progress', { annotatorId: 1 })).pendingRepeats).toBe(2);
    await gotoView(pageA, 'Label');
    await pageA.getByRole('combobox', { name: 'Queue', exact: true }).selectOption('unlabelled-first');
    await pageA.locator('.clip-list[data-count="12"]').waitFor(); // 10 clips + 2 repeats slipped in
    // N opens the next undone entry: a repeat, shown with empty controls; Enter keeps it and moves on to
    // the next undone entry (the second repeat) by itself.
    await pageA.keyboard.press('n');
    const heading = pageA.locator('.clip-head h2');
    for (let k = 0; k < 2; k++) {
      await pageA.locator('[data-status="unlabelled"]').waitFor();
      const file = (await heading.textContent())!;
      const v = valuesFor('A', TEN.indexOf(file));
      for (const e of EMOTIONS) await pageA.keyboard.press(String(v[e]));
      await pageA.keyboard.press('Enter');
      if (k === 0) await expect.poll(() => heading.textContent()).not.toBe(file);
    }
    await expect.poll(async () => (await h.call<{ pendingRepeats: number }>('queue.progress', { annotatorId: 1 })).pendingRepeats).toBe(0);
    const quality = (await h.call<Array<{ annotator: string; repeats: number; repeatExactRate: number }>>('raters.quality'))
      .find((q) => q.annotator === 'Rater A')!;
    expect(quality.repeats).toBe(2);
    expect(quality.repeatExactRate).toBe(1); // the same values as the first time: perfectly consistent
    // The repeats did not add label versions: rater A's labels are unchanged.
    for (const [file, values] of await storedValues('Rater A')) expect(values, file).toEqual(valuesFor('A', TEN.indexOf(file)));
    await pageA.getByRole('combobox', { name: 'Queue', exact: true }).selectOption('import');
  });

  it('loses nothing when the page is closed right after an edit', async () => {
    const { context, page } = await h.openPage();
    // A fresh tab: choose rater A again (the choice is per browser profile).
    await page.getByLabel('Annotator', { exact: true }).first().selectOption({ label: 'Rater A' });
    await gotoView(page, 'Label');
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

  it('keeps keys pressed while a clip is still loading when the rater moves straight on', async () => {
    const { context, page } = await h.openPage();
    await page.getByLabel('Annotator', { exact: true }).first().selectOption({ label: 'Rater A' });
    await gotoView(page, 'Label');
    await page.locator('.clip-list[data-count="10"]').waitFor();
    await page.locator('#clip-row-2').click();
    await waitForSettled(page);
    const heading = page.locator('.clip-head h2');
    const first = (await heading.textContent())!;
    // A slow disk or a busy machine: the saved label of the next clip takes 1.5 s to arrive.
    await page.route('**/api/labels.get', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.keyboard.press('j');
    await expect.poll(() => heading.textContent()).not.toBe(first);
    await page.locator('[data-status="loading"]').waitFor();
    const file = (await heading.textContent())!;
    const clip = (await h.call<ClipSummary[]>('clips.list', { annotatorId: 1 })).find((c) => c.fileName === file)!;
    const before = (await h.call<Label>('labels.get', { clipId: clip.id, annotatorId: 1 })).values;
    const newHappy = (before.happy + 1) % 4;
    await page.keyboard.press('h');
    await page.keyboard.press(String(newHappy));
    await page.keyboard.press('j'); // on to the next clip before this one's label has even arrived
    await expect.poll(async () => (await h.call<Label>('labels.get', { clipId: clip.id, annotatorId: 1 })).values, { timeout: 10_000 })
      .toEqual({ ...before, happy: newHappy });
    await page.unroute('**/api/labels.get');
    await context.close();
  });

  it('the audit chain verifies, and a row changed in the file is detected', async () => {
    await gotoView(pageA, 'Audit trail');
    await pageA.getByRole('button', { name: 'Verify chain' }).click();
    await expect(pageA.locator('.verify').getAttribute('data-verified')).resolves.toBe('true');
    await pageA.locator('tr[data-entity="adjudication"]').first().waitFor();
    // Tamper with the file the way an outsider would: a raw SQLite connection, append-only triggers dropped.
    const raw = new Database(join(h.dir, 'workbench.sqlite'));
    raw.exec('DROP TRIGGER audit_no_update');
    const target = raw.prepare("SELECT id FROM audit_log WHERE entity = 'label' ORDER BY id LIMIT 1 OFFSET 3").get() as { id: number };
    raw.prepare("UPDATE audit_log SET actor = 'Mallory' WHERE id = ?").run(target.id);
    raw.close();
    await pageA.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => pageA.locator('.verify').getAttribute('data-verified')).toBe('false');
    await expect(pageA.locator('.verify').textContent()).resolves.toContain(`broken at row ${target.id}`);
  });

  it('has no serious accessibility violations on the labelling, import, raters, review and audit views', async () => {
    await gotoView(pageA, 'Label');
    await pageA.locator('.player[data-ready="true"]').waitFor();
    await expectNoSeriousViolations(pageA, 'labelling view');
    await pageA.keyboard.press('?');
    await pageA.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectNoSeriousViolations(pageA, 'shortcut help');
    await pageA.keyboard.press('Escape');
    for (const view of ['Import', 'Raters', 'Review', 'Audit trail']) {
      await gotoView(pageA, view);
      await pageA.getByRole('heading', { level: 2 }).first().waitFor();
      await expectNoSeriousViolations(pageA, view);
    }
  });
});
