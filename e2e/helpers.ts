import { readFileSync } from 'node:fs';
import { expect, type Page, type Request } from '@playwright/test';

/** What a table row says about its trajectory (read from its data-* attributes). */
export interface RowData {
  key: string;
  id: string;
  teacher: string;
  /** `data-rsr` as written (full precision), null until scored. */
  rsr: string | null;
  status: string;
  /** `data-length` and `data-tokens`: the conversation's tokens and its response tokens, null until counted. */
  length: number | null;
  tokens: number | null;
}

/** The demo teachers: 5 files × 60 problems. */
export const DEMO_COUNT = 300;

export const rows = (page: Page) => page.getByTestId('trajectory-row');
export const tableStatus = (page: Page) => page.locator('.table-count');

/**
 * Every row of the (virtualized) table, in display order: only the visible rows exist in the
 * DOM, so scroll the body from top to bottom and collect what each position shows.
 */
export async function collectRows(page: Page): Promise<RowData[]> {
  const body = page.locator('.grid-body');
  // A tall body shows many rows per step; the page restores the height afterwards.
  const height = await body.evaluate((el) => {
    const old = el.style.height;
    el.style.height = '8000px';
    el.scrollTop = 0;
    return old;
  });
  await rowsCoverViewport(body);
  const byIndex = new Map<number, RowData>();
  for (;;) {
    const seen = await body.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('[data-testid="trajectory-row"]')].map((r) => ({
        index: Number(r.dataset.index),
        key: r.dataset.key!,
        id: r.dataset.id!,
        teacher: r.dataset.teacher!,
        rsr: r.dataset.rsr ?? null,
        status: r.dataset.status!,
        length: r.dataset.length ? Number(r.dataset.length) : null,
        tokens: r.dataset.tokens ? Number(r.dataset.tokens) : null,
      })),
    );
    for (const { index, ...row } of seen) byIndex.set(index, row);
    const done = await body.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += el.clientHeight - 40;
      return false;
    });
    if (done) break;
    await rowsCoverViewport(body);
  }
  await body.evaluate((el, h) => (el.style.height = h), height);
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/**
 * Wait until the virtualizer has drawn rows down to the bottom of the visible part of the body (or
 * of its content). A fixed pause was not enough on a loaded machine: the rows of a resized body
 * came a few frames late, and a collection that started early missed all but the first screen.
 */
async function rowsCoverViewport(body: ReturnType<Page['locator']>): Promise<void> {
  await body.evaluate(
    (el) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="trajectory-row"]')];
          const box = el.getBoundingClientRect();
          const bottom = Math.max(0, ...rows.map((r) => r.getBoundingClientRect().bottom));
          // The virtualizer's sizer (its total height) is the body's first child.
          const sizer = el.firstElementChild as HTMLElement | null;
          const contentBottom = sizer ? sizer.getBoundingClientRect().bottom : box.bottom;
          // An empty table shows a message instead of the sizer: nothing to wait for.
          if (!rows.length && !sizer?.style.height) return resolve();
          // Drawn to the viewport's bottom, or to the content's end when it is shorter.
          if (rows.length && bottom >= Math.min(box.bottom, contentBottom) - 2) return resolve();
          if (performance.now() - started > 15_000) return reject(new Error(`rows never covered the table body (${rows.length} drawn, down to ${bottom} px of ${Math.min(box.bottom, contentBottom)})`));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
}

/** Load the bundled demo teachers through the UI and wait until all rows are in. */
export async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(tableStatus(page)).toContainText(`${DEMO_COUNT} trajectories`);
}

/** Record every request the page (and its workers) makes. */
export function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

/** Requests whose URL is not on the app's own origin (data: and blob: URLs are local). */
export function foreignRequests(requests: Request[], appUrl: string): string[] {
  const origin = new URL(appUrl).origin;
  return requests
    .map((r) => r.url())
    .filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

/** A JSONL line of a two-message trajectory. */
export function jsonl(id: string, user: string, assistant: string, teacher?: string): string {
  return JSON.stringify({ id, ...(teacher ? { teacher } : {}), messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] });
}

/** `chars` characters of varied prose-like text (5,000 distinct words, so the tokenizer works as on real text). */
export function longText(chars: number): string {
  const words = Array.from({ length: 5000 }, (_, i) => `term${i} is step ${i % 97}, so`).join(' ');
  return words.repeat(Math.ceil(chars / words.length)).slice(0, chars);
}

/** Load files through the file input, as a user picking them would. */
export async function pickFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.getByLabel('Choose files…').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: 'application/jsonl', buffer: Buffer.from(f.text, 'utf8') })),
  );
}

/** A demo teacher file's text, for loading it through the file input (a quicker run than all five). */
export function demoFile(name: string): { name: string; text: string } {
  return { name, text: readFileSync(new URL(`../public/samples/${name}`, import.meta.url), 'utf8') };
}

/** Number of scored rows, from the table's status line ("… · N scored"). */
export async function scoredCount(page: Page): Promise<number> {
  const m = /([\d,]+) scored/.exec((await tableStatus(page).textContent()) ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

export const scoreButton = (page: Page) => page.getByRole('button', { name: 'Score', exact: true });
export const cancelButton = (page: Page) => page.getByRole('button', { name: 'Cancel', exact: true });

/** Press Score and wait until the run is over (Cancel disabled again) and `expected` rows are scored. */
export async function scoreAll(page: Page, expected: number, timeout = 170_000): Promise<void> {
  await scoreButton(page).click();
  await expect(tableStatus(page)).toContainText(`${expected.toLocaleString('en-US')} scored`, { timeout });
  await expect(cancelButton(page)).toBeDisabled();
}

/** Scroll the (virtualized) table until the row `sel` is drawn: a row off screen is not in the DOM. */
async function revealRow(page: Page, sel: string): Promise<void> {
  if (await page.locator(sel).count()) return;
  const body = page.locator('.grid-body');
  await body.evaluate((el) => (el.scrollTop = 0));
  for (;;) {
    await rowsCoverViewport(body);
    if (await page.locator(sel).count()) return;
    const isAtEnd = await body.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += el.clientHeight - 40;
      return false;
    });
    if (isAtEnd) throw new Error(`no row ${sel} in the table`);
  }
}

/** One scored token of the heatmap on screen, from its data-* attributes. */
export interface TokenData {
  pos: number;
  rank: number;
  surprisal: number;
}

/** Select a row by trajectory id (and teacher) and read every scored token its heatmap draws. */
export async function heatmapTokens(page: Page, id: string, teacher?: string): Promise<TokenData[]> {
  const sel = `[data-testid="trajectory-row"][data-id="${id}"]${teacher ? `[data-teacher="${teacher}"]` : ''}`;
  await revealRow(page, sel);
  await page.locator(sel).click();
  await expect(page.locator('[data-testid="token"]').first()).toBeVisible();
  return page.locator('[data-testid="token"]').evaluateAll((els) =>
    els.map((e) => ({ pos: Number(e.getAttribute('data-pos')), rank: Number(e.getAttribute('data-rank')), surprisal: Number(e.getAttribute('data-surprisal')) })),
  );
}

/** The repository's test fixtures (copied from the project's shared material, so a clone is self-contained). */
export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** One conversation of the reference implementation's output for the parity fixture. */
export interface ReferenceSample {
  id: string;
  teacher: string;
  input_ids: number[];
  resp_token_positions: number[];
  nlls: number[];
  /** Clipped at 100 by the reference. */
  ranks: number[];
  rank_surprisal_ratio: number;
}

/** The parity fixture: its trajectories (JSONL text) and what the reference computed for them. */
export function parityFixture(): { trajectories: string; samples: ReferenceSample[]; datasetByTeacher: Record<string, { rank_surprisal_ratio: number }> } {
  const reference = JSON.parse(readFileSync(new URL('parity/reference.json', FIXTURES), 'utf8'));
  return {
    trajectories: readFileSync(new URL('parity/trajectories.jsonl', FIXTURES), 'utf8'),
    samples: reference.samples,
    datasetByTeacher: reference.dataset_by_teacher,
  };
}

/** A sample as one line of the reference's `_inferred_data` file (what rsr_cal.py writes). */
export function inferredLine(s: Pick<ReferenceSample, 'id' | 'teacher' | 'input_ids' | 'resp_token_positions' | 'nlls' | 'ranks'>): string {
  return JSON.stringify({ id: s.id, teacher: s.teacher, input_ids: s.input_ids, resp_token_positions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks });
}
