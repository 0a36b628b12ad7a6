import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { FIXTURES, pickFiles, scoreAll, tableStatus } from './helpers';
import { attachScreenshot, expectCardsFit, nameDisplay, tokensInView, wholeRowsInView } from './layoutChecks';

/**
 * Every view at the two common laptop sizes, on real long data (fixtures/realdata: two teachers,
 * long chain-of-thought answers, `source` fields that share a 70-character prefix): tokens in view,
 * no card whose content spills out or scrolls sideways, names shown whole or cut in the middle.
 * One page for the whole spec: five problems × two teachers are scored once (the first 600 tokens
 * of each, ?max=600), then each size is checked view by view. Screenshots are attached.
 */
test.describe.configure({ mode: 'serial' });

const QWEN = 'Qwen/Qwen2.5-14B-Instruct';
const SKY = 'Sky-T1-math-reflection-0.2-32B';
const FILES = { [QWEN]: 'teacher_qwen2.5-14b-instruct.jsonl', [SKY]: 'teacher_sky-t1-math-reflection-0.2-32b.jsonl' };
const IDS = new Set(['aime24-0', 'aime24-1', 'amc23-0', 'amc23-1', 'amc23-2']);
/** What every `source` value of the real data starts with: a label that repeats it tells nothing apart. */
const SOURCE_PREFIX = 'NovaSky-AI/SkyThought:skythought/Qwen2.5-Math/evaluation/outputs';
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

const subset = () =>
  Object.values(FILES).map((name) => ({
    name,
    text: readFileSync(new URL(`realdata/${name}`, FIXTURES), 'utf8')
      .split('\n')
      .filter((l) => l && IDS.has(JSON.parse(l).id))
      .join('\n'),
  }));

/** A `_sample_metrics` file as the reference writes it, with a long name: a row for a problem that is not loaded, and a line it cannot read. */
const METRICS = {
  name: 'NovaSky-AI_SkyThought_Sky-T1-math-reflection-0.2-32B_aime24_sample_metrics.jsonl',
  text: [
    JSON.stringify({ sample_id: 'aime24-29', teacher: SKY, resp_token_length: 8123, avg_rank_clip: 41.2, avg_surprisal: 5.9, rank_surprisal_ratio: 6.98 }),
    '{"sample_id": "aime24-28", "rank_surprisal_ratio": ',
  ].join('\n'),
};

let page: Page;

test.beforeAll(async ({ browser }, info) => {
  page = await browser.newPage({ baseURL: info.project.use.baseURL, viewport: SIZES[0] });
  await page.goto('/?max=600&device=wasm');
  await pickFiles(page, subset());
  await expect(tableStatus(page)).toContainText('10 trajectories');
  await scoreAll(page, 10);
  await page.getByLabel('Import results files').setInputFiles({ name: METRICS.name, mimeType: 'application/jsonl', buffer: Buffer.from(METRICS.text) });
  await expect(page.getByTestId('import-report')).toContainText(/1 rows? imported/, { timeout: 30_000 });
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while (await dismiss.count()) await dismiss.first().click();
});
test.afterAll(() => page.close());

const heatmap = (p: Page | Locator) => p.getByRole('region', { name: /Token heatmap of/ });
const tab = (name: string) => page.getByRole('tab', { name }).click();

for (const size of SIZES) {
  const at = `${size.width}×${size.height}`;

  test(`${at}: an open trajectory shows its tokens below the table, the heatmap taking most of the height; names whole or cut in the middle`, async ({}, info) => {
    await page.setViewportSize(size);
    await tab('Trajectories');
    if (await page.getByRole('button', { name: 'Show sidebar' }).isVisible()) await page.getByRole('button', { name: 'Show sidebar' }).click();
    await page.locator(`[data-testid="trajectory-row"][data-id="aime24-1"][data-teacher="${SKY}"]`).click();
    const text = heatmap(page);
    await expect(text.getByTestId('token').first()).toBeAttached();
    await attachScreenshot(page, info, `${size.width}-trajectories`);

    // Tokens on screen at once, and more lines of text than rows of table.
    expect(await tokensInView(text)).toBeGreaterThan(0);
    const lines = await wholeRowsInView(text, '.rsr-hm-row:not(.rsr-hm-probe)');
    const rows = await wholeRowsInView(page.locator('.table-panel .grid-body'), '[data-testid="trajectory-row"]');
    expect(lines).toBeGreaterThanOrEqual(size.height >= 900 ? 10 : 6);
    expect(rows).toBeGreaterThanOrEqual(size.height >= 900 ? 5 : 4);
    const panel = page.locator('section.heatmap-panel');
    const [heatmapBox, tableBox] = [await panel.boundingBox(), await page.locator('section.table-panel').boundingBox()];
    expect(heatmapBox!.height).toBeGreaterThan(tableBox!.height);
    expect(heatmapBox!.y + heatmapBox!.height).toBeLessThanOrEqual(size.height);
    await expectCardsFit(page);

    for (const teacher of [QWEN, SKY]) {
      const cell = page.locator(`[data-testid="trajectory-row"][data-teacher="${teacher}"] [role="gridcell"]:nth-child(2)`).first();
      expect(await nameDisplay(cell, teacher)).toBe('whole');
    }
    const files = page.getByRole('list', { name: 'Loaded files' }).getByRole('listitem');
    for (const file of Object.values(FILES)) expect(['whole', 'middle']).toContain(await nameDisplay(files.filter({ hasText: file.slice(-12) }).locator('.file-name'), file));

    // Slices say what tells them apart, not eight times the same path prefix; the full value on hover.
    const options = page.getByLabel('Slice').locator('optgroup[label="source"] option');
    await expect(options).toHaveCount(4);
    const labels = await options.allTextContents();
    expect(new Set(labels).size).toBe(4);
    for (const label of labels) expect(label).not.toContain(SOURCE_PREFIX.slice(0, 24));
    for (const title of await options.evaluateAll((os) => os.map((o) => o.getAttribute('title')))) expect(title).toMatch(new RegExp(`^${SOURCE_PREFIX}`));
  });

  test(`${at}: Teachers — tables fit their cards without a sideways scroll, paired wins and ΔRSR in view, groups by field told apart`, async ({}, info) => {
    await page.setViewportSize(size);
    await tab('Teachers');
    const paired = page.getByRole('table', { name: 'Paired comparison of teachers' });
    await expect(paired.locator('tbody tr')).toHaveCount(1);
    // Split by the id's prefix: each slice's wins under the pair, within the card too.
    await page.getByLabel('Split by').selectOption({ label: 'id prefix' });
    await expect(paired.locator('tbody tr.slice-row')).toHaveCount(2);
    await page.getByLabel('Group by').selectOption('source');
    const groups = page.getByRole('table', { name: 'Teacher RSR by source' });
    await expect(groups.locator('tbody tr')).toHaveCount(4);
    await attachScreenshot(page, info, `${size.width}-teachers`);
    await expectCardsFit(page);

    // Wins, ΔRSR, the interval and the verdict are on screen with the teachers' names, not behind a scroll.
    await paired.scrollIntoViewIfNeeded();
    const card = await page.locator('section.panel', { has: paired }).boundingBox();
    for (const cell of await paired.locator('tbody tr > *').all()) {
      const b = (await cell.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(card!.x + card!.width + 1);
    }
    for (const [i, teacher] of [QWEN, SKY].entries()) expect(['whole', 'middle']).toContain(await nameDisplay(paired.locator('tbody tr > *').nth(i), teacher));

    // One row per value, each labelled by what sets it apart; the whole value on hover.
    const cells = groups.locator('td.group-cell');
    const shown = await cells.allTextContents();
    expect(new Set(shown).size).toBe(shown.length);
    for (const label of shown) expect(label).not.toContain(SOURCE_PREFIX.slice(0, 24));
    for (const title of await cells.evaluateAll((cs) => cs.map((c) => c.getAttribute('title')))) expect(title).toMatch(new RegExp(`^${SOURCE_PREFIX}`));
    await attachScreenshot(page, info, `${size.width}-teachers-tables`);
  });

  test(`${at}: Compare — both heatmaps show tokens, the paired verdict fits the toolbar`, async ({}, info) => {
    await page.setViewportSize(size);
    await tab('Compare A/B');
    await page.getByLabel('Teacher A', { exact: true }).selectOption(QWEN);
    await page.getByLabel('Teacher B', { exact: true }).selectOption(SKY);
    await page.locator('[data-testid="pair-row"][data-id="amc23-0"]').click();
    await expect(page.getByTestId('align-status')).toContainText('shared', { timeout: 30_000 });
    await attachScreenshot(page, info, `${size.width}-compare`);
    for (const side of [`Teacher A: ${QWEN}`, `Teacher B: ${SKY}`]) {
      const pane = page.getByRole('region', { name: side });
      expect(await tokensInView(heatmap(pane))).toBeGreaterThan(0);
      expect(await wholeRowsInView(heatmap(pane), '.rsr-hm-row:not(.rsr-hm-probe)')).toBeGreaterThanOrEqual(6);
    }
    for (const id of ['paired-summary', 'paired-verdict']) await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
    await expectCardsFit(page);
    // The wins by slice open over the panes, whole.
    await page.getByText('Wins by slice', { exact: true }).click();
    await expect(page.getByRole('table', { name: 'A and B by id prefix' })).toBeInViewport({ ratio: 1 });
    await attachScreenshot(page, info, `${size.width}-compare-slices`);
    await page.getByText('Wins by slice', { exact: true }).click();
  });

  test(`${at}: Select & export and an imported metrics row fit their cards`, async ({}, info) => {
    await page.setViewportSize(size);
    await tab('Select & export');
    if (await page.getByRole('button', { name: 'Show sidebar' }).isVisible()) await page.getByRole('button', { name: 'Show sidebar' }).click();
    await expect(page.getByTestId('pick-row').first()).toBeVisible();
    await attachScreenshot(page, info, `${size.width}-select`);
    await expectCardsFit(page);
    // Each pick's teacher and input line (file:line), whole or without its middle: never without its end.
    const pick = page.locator(`[data-testid="pick-row"][data-teacher="${SKY}"]`).first();
    const line = (await pick.locator('[role="gridcell"]').nth(4).textContent())!;
    expect(line.startsWith(`${FILES[SKY]}:`)).toBe(true);
    expect(['whole', 'middle']).toContain(await nameDisplay(pick.locator('[role="gridcell"]').nth(1), SKY));
    expect(['whole', 'middle']).toContain(await nameDisplay(pick.locator('[role="gridcell"]').nth(4), line));

    // The import: its report in the sidebar and the imported row, which has no heatmap.
    await tab('Trajectories');
    await page.locator('[data-testid="trajectory-row"][data-status="imported"]').click();
    await expect(page.getByRole('region', { name: 'aime24-29' })).toBeVisible();
    const report = page.getByTestId('import-report');
    await report.scrollIntoViewIfNeeded();
    await attachScreenshot(page, info, `${size.width}-import`);
    await expectCardsFit(page);
    expect(['whole', 'middle']).toContain(await nameDisplay(report.locator('.file-name').first(), METRICS.name));
  });
}
