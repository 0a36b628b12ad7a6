import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { collectRows, demoFile, jsonl, pickFiles, scoreButton, scoredCount, tableStatus } from './helpers';
import { bigInput } from './bigInput';
import { watchLongTasks, watchLongTasksFromStart } from './longTasks';
import { tinyRowsFile } from './tinyRows';
import { watchWorkerTraffic } from './workerTraffic';

/**
 * The longest main-thread task these tests allow: a bound only a real regression crosses (reading
 * or cloning the whole input on the page takes seconds), not the 200 ms target, which depends on
 * the machine's load (a shared 2-core machine once measured 233 ms for one IndexedDB callback).
 * The 200 ms target is measured by `npm run bench:browser`; what keeps tasks short, the batching,
 * is asserted here by the sizes of the messages themselves (workerTraffic.ts).
 */
const MAX_TASK_MS = 1000;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-e2e-'));
const runCount = (page: import('@playwright/test').Page) => page.locator('.run-count');

test('reliability: a 20 MB input reaches the page in batches and goes to the model worker in parts; Score starts on its 7,000 rows with no main-thread task near a second', async ({ page }) => {
  // A file on disk, as a user picks it (a buffer handed over by the test would be built on the page's thread).
  const file = path.join(tmp(), 'big.jsonl');
  fs.writeFileSync(file, bigInput());
  const traffic = await watchWorkerTraffic(page);
  await page.goto('/?device=wasm');
  const longTasks = await watchLongTasks(page);
  await page.getByLabel('Choose files…').setInputFiles(file);
  await expect(tableStatus(page)).toContainText('7,000 trajectories', { timeout: 60_000 });
  await scoreButton(page).click();
  await expect(page.getByText(/tokens\/s|measuring speed/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(scoreButton(page)).toBeEnabled({ timeout: 60_000 });
  // The batching: records arrive in batches of ≤ 2,000 records or about 1 M characters, and the
  // score request leaves in parts of about 2 M characters, each a short clone for the page.
  const messages = await traffic();
  const batches = messages.filter((m) => m.type === 'records');
  expect(batches.reduce((n, b) => n + b.trajectories, 0)).toBe(7000);
  expect(batches.length).toBeGreaterThanOrEqual(20);
  expect(batches.filter((b) => b.trajectories > 2000 || b.chars > 1.1 * 2 ** 20), JSON.stringify(batches)).toEqual([]);
  const parts = messages.filter((m) => m.to === 'worker' && (m.type === 'score' || m.type === 'scorePart'));
  expect(parts.reduce((n, p) => n + p.trajectories, 0)).toBe(7000);
  expect(parts.length).toBeGreaterThanOrEqual(10);
  expect(parts.filter((p) => p.chars > 2_100_000), JSON.stringify(parts)).toEqual([]);
  const tasks = await longTasks();
  expect(tasks.filter((t) => t.ms > MAX_TASK_MS), JSON.stringify(tasks)).toEqual([]);
});

/**
 * From the start of every document the page opens: each count of trajectories the table's status
 * showed, in order (a MutationObserver sees every text React commits). Rows that arrive in batches
 * make the status count up; rows committed in one go make it jump from nothing to all.
 */
async function watchStatusCounts(page: Page): Promise<() => Promise<number[]>> {
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __statusCounts: number[] }).__statusCounts = seen;
    new MutationObserver(() => {
      const m = /([\d,]+) trajectories/.exec(document.querySelector('.table-count')?.textContent ?? '');
      const n = m ? Number(m[1].replace(/,/g, '')) : 0;
      if (n && n !== seen.at(-1)) seen.push(n);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __statusCounts: number[] }).__statusCounts);
}

test('reliability: 200,000 tiny rows load and come back on a reload a batch at a time — the status counts up, a row opens, no main-thread task near a second', async ({ page }) => {
  test.setTimeout(300_000);
  const rows = 200_000;
  const all = `${rows.toLocaleString('en-US')} trajectories`;
  const file = tinyRowsFile(tmp(), rows);
  const longTasks = await watchLongTasksFromStart(page);
  const statusCounts = await watchStatusCounts(page);
  await page.goto('/');
  await page.getByLabel('Choose files…').setInputFiles(file);
  await expect(tableStatus(page)).toContainText(all, { timeout: 120_000 });
  // Soft: a failure here still lets the test measure the reload.
  // Counted up: the first batch at once, then commits that grow with the file (not one per batch).
  const loading = await statusCounts();
  expect.soft(loading[0], JSON.stringify(loading)).toBeLessThanOrEqual(2000);
  expect.soft(loading.length, JSON.stringify(loading)).toBeGreaterThanOrEqual(10);
  expect.soft(loading.length, JSON.stringify(loading)).toBeLessThan(100);
  expect.soft(loading.at(-1)).toBe(rows);
  const loadTasks = await longTasks();
  await expect(page.getByTestId('session-state')).toContainText('Saved in this browser', { timeout: 120_000 });

  await page.reload();
  // A row answers a click while the rest may still be arriving.
  await rowsWithId(page, 't1').click();
  await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('a1');
  await expect(tableStatus(page)).toContainText(all, { timeout: 120_000 });
  const restoring = await statusCounts();
  expect.soft(restoring.length, JSON.stringify(restoring)).toBeGreaterThanOrEqual(10);
  expect.soft(restoring.at(-1)).toBe(rows);
  const reloadTasks = await longTasks();
  expect(
    [...loadTasks, ...reloadTasks].filter((t) => t.ms > MAX_TASK_MS),
    JSON.stringify({ load: loadTasks.map((t) => t.ms), reload: reloadTasks.map((t) => t.ms) }),
  ).toEqual([]);
});

test('reliability: 10,000 trajectories with no response token within max tokens 8: the run ends, the page never stalls for a second, and it says none was scored', async ({ page }) => {
  const text = Array.from({ length: 10_000 }, (_, i) => jsonl(`s-${i}`, `Question number ${i}, please answer it?`, `A${i}.`)).join('\n');
  await page.goto('/?device=wasm&max=8');
  await pickFiles(page, [{ name: 'short.jsonl', text }]);
  await expect(tableStatus(page)).toContainText('10,000 trajectories');
  const longTasks = await watchLongTasks(page);
  await scoreButton(page).click();
  await expect(runCount(page)).toHaveText('0 of 10,000 scored · 10,000 could not be scored', { timeout: 90_000 });
  await expect(page.getByText('10,000 of 10,000 trajectories could not be scored')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Input errors/ })).toContainText('10,000');
  await expect(scoreButton(page)).toBeDisabled();
  const tasks = await longTasks();
  expect(tasks.filter((t) => t.ms > MAX_TASK_MS), JSON.stringify(tasks)).toEqual([]);
});

test('reliability: a 34 M-character row among 40 is a skipped row naming its id and size; the other 39 are scored', async ({ page }) => {
  const file = path.join(tmp(), 'huge.jsonl');
  const rows = Array.from({ length: 40 }, (_, i) => jsonl(`r${i}`, `What is ${i} + 1?`, i === 19 ? 'x'.repeat(34 * 2 ** 20) : `It is ${i + 1}.`));
  fs.writeFileSync(file, rows.join('\n') + '\n');
  await page.goto('/?device=wasm');
  await page.getByLabel('Choose files…').setInputFiles(file);
  await expect(tableStatus(page)).toContainText('40 trajectories', { timeout: 60_000 });
  await scoreButton(page).click();
  await expect(runCount(page)).toHaveText('39 of 40 scored · 1 could not be scored', { timeout: 120_000 });
  const errors = page.getByRole('list', { name: 'Input errors' }).getByRole('listitem');
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText(/huge\.jsonl:20 — not scored: r19 is 35,651,\d{3} characters long, more than the 16,777,216 a conversation may have \(shorten or split it\)/);
});

test('reliability: files of the same name both load — by path from folders, numbered when picked twice', async ({ page }) => {
  const dir = tmp();
  for (const [folder, id] of [['a', 'from-a'], ['b', 'from-b']]) {
    fs.mkdirSync(path.join(dir, 'drop', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, 'drop', folder, 'teacher.jsonl'), jsonl(id, 'Q?', 'A.') + '\n');
  }
  await page.goto('/');
  await page.getByLabel('Choose folder…').setInputFiles(path.join(dir, 'drop'));
  await expect(tableStatus(page)).toContainText('2 trajectories');
  // The same file name in two folders: each folder is a teacher (the RSR_data layout).
  expect((await collectRows(page)).map((r) => [r.id, r.teacher, r.key])).toEqual([
    ['from-a', 'a', 'drop/a/teacher.jsonl:1'],
    ['from-b', 'b', 'drop/b/teacher.jsonl:1'],
  ]);

  await page.getByRole('button', { name: 'Clear data' }).click();
  await pickFiles(page, [
    { name: 'teacher.jsonl', text: jsonl('first', 'Q?', 'A.') },
    { name: 'teacher.jsonl', text: jsonl('second', 'Q?', 'A.') },
  ]);
  await expect(tableStatus(page)).toContainText('2 trajectories');
  await expect(page.getByText('the next "teacher.jsonl" is loaded as "teacher (2).jsonl"')).toBeVisible();
  expect((await collectRows(page)).map((r) => [r.id, r.key])).toEqual([
    ['first', 'teacher.jsonl:1'],
    ['second', 'teacher (2).jsonl:1'],
  ]);
});

test('reliability: UTF-16 with a BOM, .jsonl.gz and a pretty-printed object load; invalid UTF-8 is reported, not rewritten', async ({ page }) => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl('u16', 'Größe?', 'Ça va 𝒜.') + '\n', 'utf16le')]);
  const gz = gzipSync(Buffer.from([jsonl('gz-1', 'Q1?', 'A1.'), jsonl('gz-2', 'Q2?', 'A2.')].join('\n')));
  const pretty = JSON.stringify(JSON.parse(jsonl('pretty', 'Q?', 'A.')), null, 2);
  const bad = Buffer.concat([Buffer.from(jsonl('ok', 'Q?', 'A.') + '\n'), Buffer.from('{"id": "caf'), Buffer.from([0xe9]), Buffer.from('", "messages": [{"role": "user", "content": "Q?"}, {"role": "assistant", "content": "A."}]}\n')]);
  await page.goto('/');
  await page.getByLabel('Choose files…').setInputFiles([
    { name: 'windows.jsonl', mimeType: 'application/jsonl', buffer: utf16 },
    { name: 'zipped.jsonl.gz', mimeType: 'application/gzip', buffer: gz },
    { name: 'pretty.json', mimeType: 'application/json', buffer: Buffer.from(pretty) },
    { name: 'latin1.jsonl', mimeType: 'application/jsonl', buffer: bad },
  ]);
  await expect(tableStatus(page)).toContainText('5 trajectories');
  expect((await collectRows(page)).map((r) => [r.id, r.teacher])).toEqual([
    ['u16', 'windows'],
    ['gz-1', 'zipped'],
    ['gz-2', 'zipped'],
    ['pretty', 'pretty'],
    ['ok', 'latin1'],
  ]);
  const errors = page.getByRole('list', { name: 'Input errors' }).getByRole('listitem');
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText('latin1.jsonl:2 — invalid UTF-8: byte 0xE9 at line 2');
  await rowsWithId(page, 'u16').click();
  await expect(page.getByRole('list', { name: 'Conversation' })).toContainText('Ça va 𝒜.');
});

const rowsWithId = (page: import('@playwright/test').Page, id: string) => page.locator(`[data-testid="trajectory-row"][data-id="${id}"]`);

/** A copy of the bundled student in a temporary folder, with `edit` applied to its parsed JSON files. */
function modelCopy(edit: { config?: (c: Record<string, unknown>) => void; tokenizerConfig?: (c: Record<string, unknown>) => void }): string {
  const from = fileURLToPath(new URL('../public/models/rsr-tiny-qwen3/', import.meta.url));
  const to = path.join(tmp(), 'edited-student');
  fs.cpSync(from, to, { recursive: true });
  for (const [file, change] of [['config.json', edit.config], ['tokenizer_config.json', edit.tokenizerConfig]] as const) {
    if (!change) continue;
    const json = JSON.parse(fs.readFileSync(path.join(to, file), 'utf8'));
    change(json);
    fs.writeFileSync(path.join(to, file), JSON.stringify(json));
  }
  return to;
}

async function useModelFolder(page: import('@playwright/test').Page, dir: string) {
  await page.getByLabel('Student model').selectOption('files');
  await page.getByLabel('Choose model folder…').setInputFiles(dir);
  await expect(page.getByText('Student set to the dropped model folder "edited-student"')).toBeVisible();
}

test('reliability: a conversation past the student’s max_position_embeddings is scored, with a warning in its header and in the errors list', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'long.jsonl', text: jsonl('long', 'Count from one to twenty, please.', 'One, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve.') }]);
  await useModelFolder(page, modelCopy({ config: (c) => (c.max_position_embeddings = 40) }));
  await scoreButton(page).click();
  await expect(runCount(page)).toHaveText('all 1 scored', { timeout: 60_000 });
  await expect(page.getByText(/1 trajectory is longer than the student's max_position_embeddings \(40\)/)).toBeVisible();
  // Every verdict on it says so too: the teachers' summary carries the note.
  await page.getByRole('tab', { name: 'Teachers' }).click();
  await expect(page.getByRole('region', { name: 'Teacher summary' }).getByTestId('truncation-note')).toContainText("long: 1 of 1 trajectory longer than the student's context (max_position_embeddings 40)");
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  await rowsWithId(page, 'long').click();
  await expect(page.getByTestId('position-limit')).toContainText('more than the student’s max_position_embeddings (40)');
  await expect(page.getByRole('list', { name: 'Input errors' })).toContainText('long.jsonl:1 — scored with a warning:');
});

test('reliability: a chat template that never ends: Cancel ends the run at once, and the error names the template within its time limit', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'one.jsonl', text: jsonl('one', 'Q?', 'A.') }]);
  // 10¹² iterations: only the render's own time limit stops it.
  const loop = '{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}';
  await useModelFolder(page, modelCopy({ tokenizerConfig: (c) => (c.chat_template = loop) }));
  await scoreButton(page).click();
  await expect(page.getByText(/Loading the student|Warming up the student/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(scoreButton(page)).toBeEnabled({ timeout: 2_000 });
  await expect(page.getByRole('alert')).toContainText("the student's chat template took more than 5 s to render one conversation", { timeout: 30_000 });
  await expect(runCount(page)).toHaveText('1 of 1 to score');
});

test('reliability: a model worker that ends without a word mid-run is noticed; what was scored stays and the rest is scored', async ({ page }) => {
  const lines = demoFile('teacher_reflective.jsonl').text.split('\n').filter(Boolean).slice(0, 16);
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'reflective.jsonl', text: lines.join('\n') }]);
  // The length column's counter runs the same worker script: once every length is in, it has ended,
  // and the next worker of that script is the model worker.
  await expect.poll(async () => (await collectRows(page)).every((r) => r.length !== null), { timeout: 30_000 }).toBe(true);
  const modelWorker = page.waitForEvent('worker', (w) => /\/assets\/worker-[^/]*\.js/.test(w.url()));
  await scoreButton(page).click();
  const worker = await modelWorker;
  await expect.poll(() => scoredCount(page), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  const before = await scoredCount(page);
  // As if it ran out of memory: the worker ends, and no error event says so.
  void worker.evaluate(() => self.close()).catch(() => {});
  await expect(page.getByText('the model worker stopped without an error')).toBeVisible({ timeout: 20_000 });
  await expect(runCount(page)).toHaveText('all 16 scored', { timeout: 120_000 });
  expect(before).toBeLessThan(16);
  expect((await collectRows(page)).every((r) => r.status === 'scored')).toBe(true);
});
