// Gold clips in real Chromium (browser mode): the Raters view lists the gold clips with their reference
// labels, marks a clip as gold from the form, and removes one only after the confirmation dialog —
// Cancel keeps it; the removal is stored, audited under the selected annotator, and the page has no
// serious accessibility violations with the list and the dialog open. Hiding the removal by deleting its
// audit row (the last one) from the file is reported by the Audit trail view as missing entries.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-main/contract/api';
import type { EmotionValues } from '../../src-main/contract/emotions';
import { openProjectDb } from '../../src-main/db/project-db';
import { startHarness, type Harness } from './support/harness';

const FILES = ['03-01-03-01-01-01-05.flac', '03-01-04-01-01-01-05.flac', '03-01-05-01-01-01-05.flac'];
let h: Harness;
let page: Page;

/** Three clip rows (the gold list needs no audio) and an annotator, written before the server opens. */
function prepare(path: string): void {
  const p = openProjectDb(path, { create: true });
  p.write(() => {
    FILES.forEach((f, i) => p.clips.insert({
      contentHash: String(i + 1).repeat(64), originalPath: `/nowhere/Actor_05/${f}`, fileName: f,
      durationS: 3, sampleRate: 16000, originalSampleRate: 48000, channels: 1, speakerId: 'Actor_05',
      importedAt: '2026-01-01T00:00:00.000Z', importJobId: null,
    }));
    p.annotators.insert('Dr Gold');
  });
  p.close();
}

async function seriousViolations(where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

beforeAll(async () => {
  h = await startHarness('gold.sqlite', prepare);
  const v = (happy: number, sad: number, anger: number): EmotionValues => ({ happy, sad, anger, surprise: 0, disgust: 1, fear: 0 });
  await h.call('gold.set', { clipId: 1, values: v(3, 0, 0), note: 'panel consensus' });
  await h.call('gold.set', { clipId: 2, values: v(0, 2, 1) });
  ({ page } = await h.openPage());
  await page.getByLabel('Annotator', { exact: true }).first().selectOption({ label: 'Dr Gold' });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Raters', exact: true }).click();
});
afterAll(async () => {
  await h?.close();
});

describe('gold clips in the Raters view', () => {
  it('lists the gold clips with their reference labels and note', async () => {
    const table = page.getByRole('table', { name: /Gold clips and their reference labels/ });
    await table.locator('tbody tr').nth(1).waitFor();
    const first = table.locator(`tr[data-clip="${FILES[0]}"]`);
    expect(await first.locator('td[data-emotion]').allTextContents()).toEqual(['3', '0', '0', '0', '1', '0']);
    await expect(first.textContent()).resolves.toContain('panel consensus');
    expect(await table.locator(`tr[data-clip="${FILES[1]}"] td[data-emotion]`).allTextContents()).toEqual(['0', '2', '1', '0', '1', '0']);
    expect(await table.locator('tbody tr').count()).toBe(2);
  });

  it('marks a third clip as gold from the form', async () => {
    const form = page.getByRole('form', { name: 'Mark a clip as gold' });
    await form.getByLabel('Clip (file name or id)').fill(FILES[2]);
    await form.getByLabel('Reference fear').selectOption('2');
    await form.getByLabel('Reference surprise').selectOption('3');
    await form.getByRole('button', { name: 'Mark as gold' }).click();
    await page.locator(`tr[data-clip="${FILES[2]}"]`).waitFor();
    const gold = await h.call<Array<{ clipId: number; values: EmotionValues }>>('gold.list');
    expect(gold.find((g) => g.clipId === 3)?.values).toEqual({ happy: 0, sad: 0, anger: 0, surprise: 3, disgust: 0, fear: 2 });
  });

  it('removes a gold clip only after confirmation, and the removal is audited under the annotator', async () => {
    const row = page.locator(`tr[data-clip="${FILES[0]}"]`);
    await row.getByRole('button', { name: `Remove gold clip ${FILES[0]}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove gold clip ${FILES[0]}?` });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('happy 3');
    expect(await seriousViolations('gold remove dialog')).toEqual([]);
    // Cancel (the focused default) keeps it.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect((await h.call<Array<{ clipId: number }>>('gold.list')).map((g) => g.clipId)).toEqual([1, 2, 3]);

    await row.getByRole('button', { name: `Remove gold clip ${FILES[0]}` }).click();
    await dialog.getByRole('button', { name: 'Remove gold clip' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await h.call<Array<{ clipId: number }>>('gold.list')).map((g) => g.clipId)).toEqual([2, 3]);
    const audit = await h.call<AuditEntry[]>('audit.query', { entity: 'gold', action: 'delete' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'Dr Gold', entityId: '1', after: null });
    expect((audit[0].before as EmotionValues).happy).toBe(3);
    expect(await page.getByRole('table', { name: /Gold clips/ }).locator('tbody tr').count()).toBe(2);
    expect(await seriousViolations('raters view with gold clips')).toEqual([]);
  });

  it('the Audit trail view reports the removal\u2019s audit row deleted from the end of the file', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit trail', exact: true }).click();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.locator('.verify').getAttribute('data-verified')).toBe('true');
    // Someone with the sqlite3 shell hides the removal: guard dropped, newest audit row (gold delete) deleted.
    const raw = new Database(join(h.dir, 'gold.sqlite'));
    raw.exec('DROP TRIGGER audit_no_delete');
    const last = raw.prepare("SELECT id, entity, action FROM audit_log ORDER BY id DESC LIMIT 1").get() as { id: number; entity: string; action: string };
    expect(last).toMatchObject({ entity: 'gold', action: 'delete' });
    raw.prepare('DELETE FROM audit_log WHERE id = ?').run(last.id);
    raw.close();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.locator('.verify').getAttribute('data-verified')).toBe('false');
    await expect(page.locator('.verify').textContent()).resolves.toContain(`the last entry is missing: the trail ends at row ${last.id - 1}, but row ${last.id} was written`);
  });
});
