// What every browser-mode end-to-end suite needs: the built renderer, a web server on a fresh temporary
// project, and one headless Debian Chromium (playwright-core) for the whole file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { repoRoot } from '../../support/paths';
import { ensureRendererBuilt } from './build-renderer';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

export interface Harness {
  dir: string;
  server: WebServer;
  browser: Browser;
  /** A new tab with its own fresh profile state (cookies, storage), opened on the server's token URL. */
  openPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** Calls the API the way the renderer does (token as Bearer), for checking what the UI stored. */
  call<T = unknown>(method: string, req?: unknown): Promise<T>;
  /**
   * Cancels the feature extraction the app starts by itself after an import: on a 2-core machine it would
   * compete with the browser for the CPU, and no UI test here needs features.
   */
  cancelBackgroundJobs(): Promise<void>;
  close(): Promise<void>;
}

/** `prepare` may fill the project file before the server opens it (e.g. a 10,000-clip project). */
export async function startHarness(projectName = 'e2e.sqlite', prepare?: (projectPath: string) => void): Promise<Harness> {
  await ensureRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ew-e2e-'));
  prepare?.(join(dir, projectName));
  const server = await startWebServer({ projectPath: join(dir, projectName), rendererDir: join(repoRoot, 'out', 'renderer') });
  // launch() gives every run a fresh temporary user-data-dir of its own; the flags keep Chromium offline.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const harness: Harness = {
    dir,
    server,
    browser,
    async openPage(viewport = { width: 1400, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      return { context, page, errors };
    },
    async call<T>(method: string, req: unknown = {}): Promise<T> {
      const res = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(req),
      });
      const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.result as T;
    },
    async cancelBackgroundJobs() {
      const jobs = await harness.call<Array<{ id: number; kind: string; state: string }>>('jobs.list');
      for (const j of jobs) {
        if (j.kind !== 'import' && (j.state === 'queued' || j.state === 'running')) await harness.call('jobs.cancel', { jobId: j.id });
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Five RAVDESS clips of two speakers (neutral, calm, happy, sad, angry). */
export const FIVE_CLIPS = [
  [1, '03-01-01-01-01-01-01'], [1, '03-01-02-01-01-01-01'], [1, '03-01-03-01-01-01-01'],
  [2, '03-01-04-01-01-01-02'], [2, '03-01-05-01-01-01-02'],
] as const;

/** Imports paths through the import panel and waits until the job has finished. */
export async function importThroughUi(page: Page, paths: string[]): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Import' }).click();
  await page.getByLabel(/Files or folders to import/).fill(paths.join('\n'));
  await page.locator('form').getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.progress[data-state="done"]').waitFor({ timeout: 60_000 });
}

export async function createAnnotatorThroughUi(page: Page, name: string): Promise<void> {
  await page.getByLabel('New annotator name').fill(name);
  await page.getByLabel('New annotator name').press('Enter');
  await page.getByRole('heading', { name: 'Rating' }).waitFor();
}
