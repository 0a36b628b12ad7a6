import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { relDiff } from './analysisHelpers';
import { parityFixture, tableStatus, type ReferenceSample } from './helpers';
import { duckRun, sqlJson, sqlText } from '../src/core/parquet/duckDb.fixture';

const { trajectories, samples, datasetByTeacher } = parityFixture();
const MODEL = 'rsr-tiny-qwen3';
const ofTeacher = (teacher: string) => samples.filter((s) => s.teacher === teacher);
const linesOf = (teacher: string) => trajectories.split('\n').filter((l) => l && JSON.parse(l).teacher === teacher);

/** Today's `_inferred_data` row, as the reference's save_inference_results writes it. */
const inferredRow = (s: ReferenceSample) =>
  `SELECT ${sqlText(s.id)} AS sample_id, ${sqlJson(s.resp_token_positions, 'BIGINT[]')} AS resp_token_positions, ${sqlJson(s.nlls.map((x) => Math.exp(-x)), 'DOUBLE[]')} AS probs, ${sqlJson(s.nlls, 'DOUBLE[]')} AS nlls, ${sqlJson(s.ranks, 'BIGINT[]')} AS ranks`;
/** A `_sample_metrics` line of the reference. */
const metricsLine = (s: ReferenceSample & { avg_rank_clip?: number; avg_surprisal?: number }) =>
  JSON.stringify({ sample_id: s.id, resp_token_length: s.ranks.length, avg_rank_clip: s.avg_rank_clip, avg_surprisal: s.avg_surprisal, rank_surprisal_ratio: s.rank_surprisal_ratio });

/**
 * The authors' output folder as issue 19 found it: the terse teacher's trajectories in `data/`,
 * its per-token scores in the tree (parquet) and its `_sample_metrics`, and — outside any
 * `_inferred_data` folder — `old_schema/teacher_terse.jsonl`, an `_inferred_data` file of the schema
 * before 2026-03-13 (`sample_idx` + `tokens`) named like the trajectory file. The student teacher
 * has per-token scores and metrics but its trajectories are not in the folder, so its per-token
 * file cannot be drawn and its `_sample_metrics` must stand in.
 */
async function authorsFolder(): Promise<string> {
  const run = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-authors-')), 'run');
  for (const d of ['data', 'old_schema', `_inferred_data/${MODEL}`, `_sample_metrics/${MODEL}`]) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.writeFileSync(path.join(run, 'data/teacher_terse.jsonl'), linesOf('terse').join('\n') + '\n');
  const old = ofTeacher('terse').map((s, i) =>
    JSON.stringify({ sample_idx: i, tokens: s.resp_token_positions.map((p, j) => ({ position: p - 1, prob: Math.exp(-s.nlls[j]), nll: s.nlls[j], rank: s.ranks[j] })) }),
  );
  fs.writeFileSync(path.join(run, 'old_schema/teacher_terse.jsonl'), old.join('\n') + '\n');
  for (const [teacher, dataset] of [['terse', 'teacher_terse'], ['student', 'teacher_student']]) {
    fs.writeFileSync(path.join(run, `_sample_metrics/${MODEL}/${dataset}.jsonl`), ofTeacher(teacher).map(metricsLine).join('\n') + '\n');
    await duckRun(`COPY (${ofTeacher(teacher).map(inferredRow).join(' UNION ALL ')}) TO ${sqlText(path.join(run, `_inferred_data/${MODEL}/${dataset}.parquet`))} (FORMAT parquet)`);
  }
  fs.writeFileSync(
    path.join(run, `rsr_${MODEL}.tsv`),
    `data_name\tavg_resp_token_length\tavg_rank_clip\tavg_surprisal\trank_surprisal_ratio\nteacher_terse\t10\t${datasetByTeacher.terse.rank_surprisal_ratio}\t1\t${datasetByTeacher.terse.rank_surprisal_ratio}\n`,
  );
  return run;
}

test('the authors’ folder dropped in the app loses no teacher: results known by their bytes, a failed file blocking nothing, a dataset’s metrics standing in for its undrawable per-token file', async ({ page }) => {
  const run = await authorsFolder();
  await page.goto('/');
  await page.getByLabel('Choose folder…').setInputFiles(run);
  // Only the trajectories load as data: the old-schema file is results, not "0 trajectories · 8 errors".
  await expect(tableStatus(page)).toContainText('8 trajectories');
  await expect(page.getByRole('list', { name: 'Loaded files' })).not.toContainText('old_schema');
  const report = (file: string) => page.locator(`[data-testid="import-report"][data-file="run/${file}"]`);
  await expect(report(`_inferred_data/${MODEL}/teacher_terse.parquet`)).toContainText('8 imported · 8 with heatmaps', { timeout: 60_000 });
  await expect(report('old_schema/teacher_terse.jsonl')).toContainText('8 imported · 8 with heatmaps');
  await expect(report(`_sample_metrics/${MODEL}/teacher_terse.jsonl`)).toContainText(`not read: the same dataset's run/_inferred_data/${MODEL}/teacher_terse.parquet is read instead`);
  // The student's per-token file has nothing to be drawn on; its metrics are read after all.
  await expect(report(`_inferred_data/${MODEL}/teacher_student.parquet`)).toContainText('no loaded file is the dataset "teacher_student"');
  await expect(report(`_sample_metrics/${MODEL}/teacher_student.jsonl`)).toContainText('9 rows imported');
  await expect(report(`_sample_metrics/${MODEL}/teacher_student.jsonl`)).toContainText(`read after all: run/_inferred_data/${MODEL}/teacher_student.parquet left 9 of its rows out`);

  await page.getByRole('tab', { name: 'Teachers' }).click();
  const summary = page.getByRole('region', { name: 'Teacher summary' });
  await expect(summary.locator('tbody tr')).toHaveCount(2);
  const rsrOf = async (teacher: string) => Number(await summary.locator(`tr[data-teacher="${teacher}"]`).getAttribute('data-rsr'));
  expect(relDiff(await rsrOf('terse'), datasetByTeacher.terse.rank_surprisal_ratio)).toBeLessThanOrEqual(1e-6);
  expect(relDiff(await rsrOf('teacher_student'), datasetByTeacher.student.rank_surprisal_ratio)).toBeLessThanOrEqual(1e-9);
  // What the sources lack is shown as unknown: the reference writes ranks clipped at R (no unclipped
  // average) and no entropy, and its metrics files neither.
  for (const teacher of ['terse', 'teacher_student']) {
    const cells = summary.locator(`tr[data-teacher="${teacher}"] td`);
    await expect(cells.nth(6), `${teacher}: avg rank`).toHaveText('—');
    await expect(cells.nth(7), `${teacher}: avg entropy`).toHaveText('—');
  }
});
