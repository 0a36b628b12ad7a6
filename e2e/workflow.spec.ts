import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { downloadedText } from './analysisHelpers';
import { collectRows, pickFiles, FIXTURES, tableStatus } from './helpers';

/**
 * The analyst's workflow on real multi-teacher data (fixtures/realdata: two teachers, the same
 * 60 AIME/AMC problems, answers up to 30k tokens). One page for the whole spec: Quick rank scores
 * a small sample once (the first 260 tokens of each conversation: ?max=260), and every part of
 * the workflow is then checked on those results, in order.
 */
test.describe.configure({ mode: 'serial' });

const FILES = ['teacher_qwen2.5-14b-instruct.jsonl', 'teacher_sky-t1-math-reflection-0.2-32b.jsonl'];
const QWEN = 'Qwen/Qwen2.5-14B-Instruct';
const SKY = 'Sky-T1-math-reflection-0.2-32B';
const realFiles = () => FILES.map((name) => ({ name, text: readFileSync(new URL(`realdata/${name}`, FIXTURES), 'utf8') }));

let page: Page;
let scored = 0;

test.beforeAll(async ({ browser }, info) => {
  page = await browser.newPage({ baseURL: info.project.use.baseURL, viewport: { width: 1440, height: 900 } });
  await page.goto('/?max=260&device=wasm');
  await pickFiles(page, realFiles());
  await expect(tableStatus(page)).toContainText('120 trajectories');
});
test.afterAll(() => page.close());

const heatmapBox = (p: Page | Locator) => p.getByRole('region', { name: /Token heatmap of/ });
const scrollTop = (l: Locator) => l.evaluate((el) => el.scrollTop);

test('7. Quick rank scores a seeded sample on the same problems for both teachers, shows the ranking settle with the run status in view, and stops once the intervals separate', async () => {
  await page.getByRole('button', { name: 'Quick rank', exact: true }).first().click();
  // 1. The run's status stays in the header while scoring: bar, tokens/s, ETA, Cancel.
  const status = page.getByTestId('run-status');
  await expect(status).toContainText('Quick rank', { timeout: 60_000 });
  await expect(page.getByTestId('run-eta')).toHaveText(/ETA \d+:\d\d/, { timeout: 60_000 });
  await expect(status.getByRole('button', { name: 'Cancel scoring' })).toBeVisible();

  const quick = page.getByTestId('quick-rank-status');
  await expect(quick).not.toHaveAttribute('data-outcome', 'running', { timeout: 150_000 });
  await expect(quick).toHaveAttribute('data-outcome', 'separated');
  await expect(page.getByTestId('run-status')).toHaveCount(0);
  scored = Number(await quick.getAttribute('data-scored'));
  expect(scored).toBeGreaterThanOrEqual(16);
  expect(scored).toBeLessThan(120);
  // Stopping early is not a cancel: no "… left for the next Score" notice.
  await expect(page.getByText(/left for the next Score/)).toHaveCount(0);
  await expect(page.getByText(/Quick rank stopped early/)).toBeVisible();

  // Interleaved and paired: as many of each teacher, on the same problems.
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  const rows = (await collectRows(page)).filter((r) => r.status === 'scored');
  expect(rows).toHaveLength(scored);
  const ids = (t: string) => new Set(rows.filter((r) => r.teacher === t).map((r) => r.id));
  const [qwen, sky] = [ids(QWEN), ids(SKY)];
  expect(Math.abs(qwen.size - sky.size)).toBeLessThanOrEqual(1);
  expect([...qwen].filter((id) => sky.has(id)).length).toBeGreaterThanOrEqual(Math.min(qwen.size, sky.size) - 1);

  await page.getByRole('tab', { name: 'Teachers' }).click();
  const ranking = page.getByRole('list', { name: 'Current ranking' }).getByRole('listitem');
  await expect(ranking).toHaveCount(2);
  await expect(page.getByRole('img', { name: 'Teacher RSR as the sample is scored' })).toBeVisible();
});

test('6, 8. Teacher RSR is a dot plot on a zoomed axis that says whether the teachers can be told apart; the demo student is named with a way to load one’s own', async () => {
  await page.getByRole('tab', { name: 'Teachers' }).click();
  const plot = page.getByTestId('rsr-dot-plot');
  await expect(plot).toBeVisible();
  // Teacher RSRs near 7: an axis from 0 would hide the difference.
  expect(Number(await plot.getAttribute('data-domain-start'))).toBeGreaterThan(5);
  await expect(plot).toContainText('axis zoomed');
  const separation = page.getByTestId('separation');
  await expect(separation).toHaveCount(1);
  await expect(separation).toHaveAttribute('data-separated', 'true');
  await expect(separation).toContainText('told apart');
  const pair = page.getByRole('table', { name: 'Paired comparison of teachers' }).locator('tbody tr');
  await expect(pair).toHaveCount(1);
  const wins = Number(await pair.getAttribute('data-wins-a')) + Number(await pair.getAttribute('data-wins-b'));
  expect(wins).toBeGreaterThan(0);

  const note = page.getByRole('tabpanel').getByTestId('demo-model-note').first();
  await expect(note).toContainText('rsr-tiny-qwen3');
  await page.getByRole('button', { name: 'Hide sidebar' }).click();
  await expect(page.locator('#sidebar')).toBeHidden();
  await note.getByRole('button', { name: 'Load your own student' }).click();
  await expect(page.locator('#sidebar')).toBeVisible();
  await expect(page.getByLabel('Student model')).toBeFocused();
});

test('1. The open trajectory takes the viewport: a resizable split, and a focus mode without table and sidebar', async () => {
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  // One at a time: each dismissal removes its notice, so a list taken up front goes stale.
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while (await dismiss.count()) await dismiss.first().click();
  await page.locator('[data-testid="trajectory-row"][data-status="scored"]').first().click();
  const box = heatmapBox(page);
  await expect(box.getByTestId('token').first()).toBeVisible();
  const before = (await box.boundingBox())!;
  expect(before.y + before.height).toBeLessThanOrEqual(900);

  const handle = page.getByRole('separator', { name: 'Resize the table and the heatmap' });
  const h0 = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await page.keyboard.press('ArrowUp');
  await expect(handle).toHaveAttribute('aria-valuenow', String(h0 - 24));
  await expect.poll(async () => (await box.boundingBox())!.height).toBeGreaterThan(before.height + 16);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(handle).toHaveAttribute('aria-valuenow', String(h0 + 24));
  await expect.poll(async () => (await box.boundingBox())!.height).toBeLessThan(before.height);

  await page.getByRole('button', { name: 'Focus', exact: true }).click();
  await expect(page.getByRole('grid', { name: 'Trajectories' })).toHaveCount(0);
  await expect(page.locator('#sidebar')).toBeHidden();
  const focused = (await box.boundingBox())!;
  expect(focused.height).toBeGreaterThan(900 * 0.45);
  expect(focused.width).toBeGreaterThan(before.width);
  await page.getByRole('button', { name: 'Exit focus' }).click();
  await expect(page.getByRole('grid', { name: 'Trajectories' })).toBeVisible();
  await expect(page.locator('#sidebar')).toBeVisible();
});

test('3. Find: a text search filters the table and frames its matches in the heatmap with next / previous; notable-token lists and a highlighted bin jump to each token', async () => {
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  // Bug: the heatmap kept the previous trajectory's scroll offset when another row was opened.
  const scoredRows = page.locator('[data-testid="trajectory-row"][data-status="scored"]');
  await scoredRows.nth(0).click();
  const box = heatmapBox(page);
  await expect(box.getByTestId('token').first()).toBeVisible();
  await box.evaluate((el) => (el.style.height = '100px'));
  await box.evaluate((el) => (el.scrollTop = 300));
  await expect.poll(() => scrollTop(box)).toBeGreaterThan(200);
  await scoredRows.nth(1).click();
  await expect.poll(() => scrollTop(box)).toBe(0);
  await box.evaluate((el) => (el.style.height = ''));

  // Case-insensitive, over every message: "FIND" is in many problem statements.
  await page.getByLabel('Search text').fill('FIND');
  await expect(tableStatus(page)).toContainText(/\d+ of 120 trajectories/);
  const shown = await collectRows(page);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThan(120);
  // The first scored row whose drawn text (the first 260 tokens) holds a match.
  const found = page.locator('[data-testid="trajectory-row"][data-status="scored"]');
  for (let i = 0; i < (await found.count()); i++) {
    await found.nth(i).click();
    await expect(box.getByTestId('token').first()).toBeVisible();
    if (await box.locator('.rsr-hm-match').count()) break;
  }
  await expect(box.locator('.rsr-hm-match').first()).toBeVisible();
  const steps = page.getByTestId('match-steps');
  await expect(steps).toContainText(/“FIND”: 1 of \d+ match/);
  const total = Number(/of (\d+)/.exec((await steps.textContent())!)![1]);
  await steps.getByRole('button', { name: 'Next match' }).click();
  await expect(steps).toContainText(`${total > 1 ? 2 : 1} of ${total} match`);
  await expect(box.locator('.rsr-hm-match-current').first()).toBeInViewport();
  await page.getByLabel('Search text').fill('');

  // The most surprising token of the open trajectory, from its list.
  const list = page.getByRole('region', { name: 'Most surprising' });
  const first = list.getByRole('button').first();
  const listed = Number(/([\d.]+) nats/.exec((await first.textContent())!)![1]);
  await first.click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-pos'))).toBe(await first.getAttribute('data-pos'));
  const surprisal = Number(await page.evaluate(() => document.activeElement?.getAttribute('data-surprisal')));
  expect(Math.abs(surprisal - listed)).toBeLessThan(0.006);
  await expect(page.getByTestId('token-tooltip')).toBeVisible();

  // Next / previous through the tokens of a highlighted histogram bar (surprisal ≥ 10).
  await page.locator('.rsr-hm-bar-high').click();
  const bin = page.getByTestId('bin-steps');
  await bin.getByRole('button', { name: 'Next highlighted token' }).click();
  await expect(bin).toContainText(/1 of \d+ token/);
  expect(Number(await page.evaluate(() => document.activeElement?.getAttribute('data-surprisal')))).toBeGreaterThanOrEqual(10);
  await bin.getByRole('button', { name: 'Next highlighted token' }).click();
  await expect(bin).toContainText(/2 of \d+ token/);
  expect(Number(await page.evaluate(() => document.activeElement?.getAttribute('data-surprisal')))).toBeGreaterThanOrEqual(10);
  await page.keyboard.press('Escape');

  // Per teacher: its most surprising tokens across trajectories open the trajectory at the token.
  await page.getByRole('tab', { name: 'Teachers' }).click();
  const teacherList = page.getByRole('region', { name: 'Notable tokens' }).getByRole('region', { name: 'Most surprising' });
  const top = teacherList.getByRole('button').first();
  const [key, pos] = [await top.getAttribute('data-key'), await top.getAttribute('data-pos')];
  await top.click();
  await expect(page.getByRole('tab', { name: 'Trajectories' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[data-testid="trajectory-row"][data-key="${key}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-pos'))).toBe(pos);
});

test('5. Record fields become columns, slices and groups; truncated rows and template-inserted tokens are flagged; exports carry full provenance', async () => {
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  await page.getByText('Fields', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'source' }).check();
  await expect(page.getByRole('columnheader', { name: 'source' })).toBeVisible();
  await expect(page).toHaveURL(/cols=source/);
  await page.getByText('Fields', { exact: true }).click();
  const slice = page.getByLabel('Slice');
  // A record field's own values (the derived slices, such as the id prefix, come first).
  const option = slice.locator('optgroup[label="source"] option').first();
  const count = Number(/\((\d+)\)$/.exec((await option.textContent())!)![1]);
  await slice.selectOption((await option.getAttribute('value'))!);
  await expect(tableStatus(page)).toContainText(`${count} of 120 trajectories`);
  await expect(page).toHaveURL(/slice=source/);
  const sliced = await collectRows(page);
  expect(new Set(sliced.map((r) => r.teacher)).size).toBe(1);
  await slice.selectOption('');

  // Every scored row here was cut at 260 tokens, and says so.
  const row = page.locator(`[data-testid="trajectory-row"][data-status="scored"][data-teacher="${QWEN}"]`).first();
  await expect(row.getByText('truncated')).toBeVisible();
  // Qwen3's template writes an empty think block before an answer without one: scored, but marked.
  await row.click();
  const template = heatmapBox(page).locator('[data-template="true"]');
  await expect(template.first()).toBeVisible();
  expect((await template.allTextContents()).join('')).toContain('think');
  await expect(page.getByText('inserted by the student’s template')).toBeVisible();

  await page.getByRole('tab', { name: 'Teachers' }).click();
  await page.getByLabel('Group by').selectOption('source');
  const groups = page.getByRole('table', { name: 'Teacher RSR by source' }).locator('tbody tr');
  await expect(groups.first()).toBeVisible();
  // One row per teacher and source value among the scored trajectories: both teachers appear.
  const teachersInGroups = new Set(await groups.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-teacher'))));
  expect(teachersInGroups).toEqual(new Set([QWEN, SKY]));
  expect(await groups.count()).toBeGreaterThanOrEqual(2);

  await page.getByRole('tab', { name: 'Select & export' }).click();
  const results = await downloadedText(page, page.getByRole('button', { name: 'Export results' }));
  const lines = results.text.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(scored);
  expect(lines[0]).toMatchObject({ model: 'rsr-tiny-qwen3', device: 'wasm', scoring_path: 'graph', rank_clip: 100, truncated: true, version: expect.any(String) });
  expect(FILES).toContain(lines[0].source_file);
  expect(lines[0].source_line).toBeGreaterThan(0);
});

test('2. Compare aligns the two answers by text: differences marked, overview strips, scrolling on the alignment, wins and a paired ΔRSR interval', async () => {
  await page.getByRole('tab', { name: 'Compare A/B' }).click();
  // Panes wide enough to read: the sidebar folds away.
  await expect(page.locator('#sidebar')).toBeHidden();
  await page.getByLabel('Teacher A', { exact: true }).selectOption(QWEN);
  await page.getByLabel('Teacher B', { exact: true }).selectOption(SKY);
  const pairs = page.getByTestId('pair-row');
  // Every pair row drawn at once (the list is virtualized, and fills its pane: flex decides its height).
  await page.locator('.pair-grid .grid-body').evaluate((el) => {
    el.style.flex = 'none';
    el.style.height = '3000px';
  });
  await expect(pairs.first()).toBeVisible();
  const summary = page.getByTestId('paired-summary');
  const n = await pairs.count();
  const diffs = await pairs.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-diff'))));
  expect(Number(await summary.getAttribute('data-wins-a'))).toBe(diffs.filter((d) => d < 0).length);
  expect(Number(await summary.getAttribute('data-wins-b'))).toBe(diffs.filter((d) => d > 0).length);
  await expect(summary).toContainText(`of ${n}`);
  const [delta, lo, hi] = ['data-delta', 'data-lo', 'data-hi'].map(async (a) => Number(await summary.getAttribute(a)));
  expect(await lo).toBeLessThanOrEqual(await delta);
  expect(await hi).toBeGreaterThanOrEqual(await delta);
  await expect(page.getByTestId('paired-verdict')).toBeVisible();

  await pairs.first().click();
  await expect(page.getByTestId('align-status')).toContainText('shared', { timeout: 30_000 });
  const paneA = page.getByRole('region', { name: `Teacher A: ${QWEN}` });
  const paneB = page.getByRole('region', { name: `Teacher B: ${SKY}` });
  for (const pane of [paneA, paneB]) {
    await expect(pane.locator('[data-differs="true"]').first()).toBeAttached();
    await expect(pane.getByTestId('heatmap-overview')).toBeVisible();
  }
  // The problem statement is the same text on both sides: not marked.
  await expect(paneA.locator('[data-pos="0"]')).not.toHaveAttribute('data-differs', 'true');

  // Scroll A until the assistant header is the top row: B follows the alignment, not the fraction.
  const boxA = heatmapBox(paneA);
  const boxB = heatmapBox(paneB);
  for (const b of [boxA, boxB]) await b.evaluate((el) => (el.style.height = '96px'));
  const headerRowTop = await boxA.evaluate((el) => {
    const rows = [...el.querySelectorAll<HTMLElement>('.rsr-hm-row:not(.rsr-hm-probe)')];
    const row = rows.find((r) => r.textContent?.includes('<|im_start|>assistant'))!;
    return row.offsetTop + Number(/translateY\(([\d.]+)px\)/.exec(row.style.transform)?.[1] ?? 0);
  });
  await boxA.evaluate((el, top) => (el.scrollTop = top), headerRowTop);
  const topRowText = (b: Locator) =>
    b.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll<HTMLElement>('.rsr-hm-row:not(.rsr-hm-probe)')].filter((r) => r.getBoundingClientRect().bottom > box.top + 4);
      rows.sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top);
      return rows[0]?.querySelector('.rsr-hm-line')?.textContent ?? '';
    });
  await expect.poll(() => topRowText(boxA)).toContain('assistant');
  await expect.poll(() => topRowText(boxB)).toContain('assistant');

  // Bug: j kept each side's scroll offset on the next problem.
  await boxB.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const firstId = await pairs.first().getAttribute('data-id');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('j');
  await expect(page.locator('#compare-problem-heading')).not.toContainText(firstId!);
  await expect.poll(async () => [await scrollTop(heatmapBox(paneA)), await scrollTop(heatmapBox(paneB))]).toEqual([0, 0]);
});

test('4. Sessions survive a reload: the loaded files and results come back by themselves, several sessions are kept, and one can be forgotten', async () => {
  await page.reload();
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  // The URL kept the Compare tab, which folded the sidebar away: the session panel is in it.
  if (await page.getByRole('button', { name: 'Show sidebar' }).isVisible()) await page.getByRole('button', { name: 'Show sidebar' }).click();
  await expect(tableStatus(page)).toContainText(`120 trajectories · ${scored} scored`);
  await expect(page.getByText(/Restored “Session/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Loaded files' }).getByRole('listitem')).toHaveCount(2);

  await page.getByLabel('Name', { exact: true }).fill('Real teachers');
  await page.getByRole('button', { name: 'New session' }).click();
  await expect(page.getByText('No data yet.')).toBeVisible();
  const saved = page.getByRole('list', { name: 'Saved sessions' });
  await expect(saved).toContainText('Real teachers');
  await saved.getByRole('button', { name: 'Open session Real teachers' }).click();
  await expect(tableStatus(page)).toContainText(`120 trajectories · ${scored} scored`);

  await page.getByRole('button', { name: 'Forget this session' }).click();
  await expect(page.getByText('No data yet.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Session', exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByText('No data yet.')).toBeVisible();
  await expect(page.getByText(/Restored “/)).toHaveCount(0);
});
