import { expect, test, type Page } from '@playwright/test';
import { collectRows, demoFile, jsonl, pickFiles, scoreAll, scoreButton, tableStatus } from './helpers';

/**
 * The app's storage under faults (issue 20): a full disk, two tabs on one session, a page that
 * dies while reading a file, a big session coming back, damaged records. Real IndexedDB in
 * Debian's Chromium; a fault is injected only where the browser cannot be made to produce it
 * cheaply (a full quota: Chromium's CDP quota override did not take effect here).
 */

const sessionState = (page: Page) => page.getByTestId('session-state');
const inputErrors = (page: Page) => page.getByRole('list', { name: 'Input errors' });
const loadedFiles = (page: Page) => page.getByRole('list', { name: 'Loaded files' }).getByRole('listitem');

/** `n` short trajectories of one teacher file. */
const rowsOf = (prefix: string, n: number, pad = '') => Array.from({ length: n }, (_, i) => jsonl(`${prefix}-${i}`, `Question ${i}? ${pad}`, `Answer ${i}.`)).join('\n');

/**
 * IndexedDB with a storage budget, as a full disk makes it: once the values written pass
 * `window.__quotaLeft` characters (JSON, typed arrays by their bytes), `put` fails with the
 * browser's QuotaExceededError. Installed before the app's scripts run.
 */
async function limitStorage(page: Page, chars: number): Promise<void> {
  await page.addInitScript((budget) => {
    const w = window as unknown as { __quotaLeft: number };
    w.__quotaLeft = budget;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      const size = JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? { bytes: v.byteLength, pad: 'x'.repeat(v.byteLength) } : v))?.length ?? 0;
      if (size > w.__quotaLeft) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      w.__quotaLeft -= size;
      return put.call(this, value, key);
    };
  }, chars);
}

test('reliability: storage full — what fits is saved, the page says what a reload would not bring back, and the next visit names it', async ({ page }) => {
  await limitStorage(page, 400_000);
  await page.goto('/');
  await pickFiles(page, [{ name: 'small.jsonl', text: rowsOf('small', 3) }]);
  await expect(sessionState(page)).toContainText('Saved in this browser');
  // About 1 MB of records: more than the budget left.
  await pickFiles(page, [{ name: 'big.jsonl', text: rowsOf('big', 400, 'x'.repeat(2500)) }]);
  await expect(tableStatus(page)).toContainText('403 trajectories');
  await expect(page.getByRole('alert')).toContainText('Not saved: big.jsonl (400 trajectories) — the browser’s storage for this site is full');
  await expect(sessionState(page)).toContainText('Not all saved — the browser’s storage is full: a reload would not bring back big.jsonl');
  await expect(page.getByRole('button', { name: 'Open Select & export' })).toBeVisible();

  await page.reload();
  await expect(tableStatus(page)).toContainText('3 trajectories');
  await expect(page.getByText('Not restored: big.jsonl')).toBeVisible();
  await expect(inputErrors(page)).toContainText('big.jsonl — not restored: it was not saved (the browser’s storage for this site is full); load it again');
});

test('reliability: storage full while scoring — results the cache cannot keep are named, and a reload does not claim them', async ({ page }) => {
  await limitStorage(page, 10_000_000);
  await page.goto('/');
  const file = demoFile('teacher_terse.jsonl');
  await pickFiles(page, [{ name: file.name, text: file.text.split('\n').slice(0, 4).join('\n') }]);
  await expect(sessionState(page)).toContainText('Saved in this browser');
  await page.evaluate(() => ((window as unknown as { __quotaLeft: number }).__quotaLeft = 0));
  await scoreAll(page, 4);
  await expect(page.getByRole('alert')).toContainText('Not saved: 4 results scored here');
  await expect(sessionState(page)).toContainText('a reload would not bring back 4 results scored here');
  await page.reload();
  await expect(tableStatus(page)).toContainText('4 trajectories · 0 scored');
  await expect(scoreButton(page)).toBeEnabled();
});

test('reliability: two tabs on one session — a file added in one is kept when the other saves, and both show it', async ({ page, context }) => {
  await page.goto('/');
  await pickFiles(page, [{ name: 'first.jsonl', text: rowsOf('first', 2) }]);
  await expect(sessionState(page)).toContainText('Saved in this browser');
  const other = await context.newPage();
  await other.goto('/');
  await expect(tableStatus(other)).toContainText('2 trajectories');

  await pickFiles(other, [{ name: 'second.jsonl', text: rowsOf('second', 3) }]);
  await expect(tableStatus(other)).toContainText('5 trajectories');
  // The first tab hears of it and takes the file in.
  await expect(page.getByText('This session is open in another tab too, which added second.jsonl')).toBeVisible();
  await expect(tableStatus(page)).toContainText('5 trajectories');

  // A save from the first tab (a rename) must not write its older list over the other's.
  await page.getByLabel('Name', { exact: true }).fill('Shared');
  await expect(page.getByRole('list', { name: 'Saved sessions' })).toHaveCount(0);
  await page.waitForTimeout(600);
  for (const p of [other, page]) {
    await p.reload();
    await expect(tableStatus(p)).toContainText('5 trajectories');
    await expect(loadedFiles(p)).toHaveCount(2);
  }
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Shared');
});

test('reliability: the page dies while reading a file — the next visit names the file instead of losing it in silence', async ({ page, context }) => {
  await page.goto('/');
  await pickFiles(page, [{ name: 'kept.jsonl', text: rowsOf('kept', 2) }]);
  await expect(sessionState(page)).toContainText('Saved in this browser');
  // Big enough to be still reading when the page is killed (as a 300 MB line kills it).
  await pickFiles(page, [{ name: 'huge.jsonl', text: rowsOf('huge', 60_000, 'y'.repeat(300)) }]);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const open = indexedDB.open('rsr-lens');
            open.onsuccess = () => {
              const req = open.result.transaction('sessionFiles').objectStore('sessionFiles').getAll();
              req.onsuccess = () => resolve(JSON.stringify(req.result.map((f: { name: string; state: string }) => [f.name, f.state])));
              open.result.close();
            };
          }),
      ),
    )
    .toContain('["huge.jsonl","loading"]');
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {});
  await crashed;

  const next = await context.newPage();
  await next.goto('/');
  await expect(tableStatus(next)).toContainText('2 trajectories');
  await expect(next.getByText('Not restored: huge.jsonl')).toBeVisible();
  await expect(inputErrors(next)).toContainText('huge.jsonl — not restored: the page stopped while reading this file');
  // Said once: the next visit does not repeat the notice, but Input errors keeps the line.
  await expect(sessionState(next)).toContainText('Saved in this browser');
  await next.reload();
  await expect(tableStatus(next)).toContainText('2 trajectories');
  await expect(inputErrors(next)).toContainText('huge.jsonl — not restored');
  await expect(next.getByText('Not restored: huge.jsonl')).toHaveCount(0);
});

test('reliability: damaged records in IndexedDB (a cached result "x", metrics: null, an imported result null) are dropped with a notice; the page draws', async ({ page }) => {
  await page.goto('/');
  const file = demoFile('teacher_terse.jsonl');
  await pickFiles(page, [{ name: file.name, text: file.text.split('\n').slice(0, 3).join('\n') }]);
  await scoreAll(page, 3);
  await expect(sessionState(page)).toContainText('Saved in this browser');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('rsr-lens');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['results', 'sessionImports', 'meta'], 'readwrite');
          const results = tx.objectStore('results');
          const keys = results.getAllKeys();
          keys.onsuccess = () => {
            const [a, b] = keys.result as string[];
            results.put('x', a);
            const second = results.get(b);
            second.onsuccess = () => results.put({ ...second.result, metrics: null }, b);
            const current = tx.objectStore('meta').get('current');
            current.onsuccess = () => tx.objectStore('sessionImports').put({ importedRows: [], importReports: [], importedResults: [['k', null]] }, current.result);
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(tableStatus(page)).toContainText('3 trajectories · 1 scored');
  await expect(page.getByText('2 cached results were damaged')).toBeVisible();
  await expect(page.getByText('1 saved item of this session could not be read back')).toBeVisible();
  expect((await collectRows(page)).map((r) => r.status).sort()).toEqual(['pending', 'pending', 'scored']);
  await scoreAll(page, 3);
});
