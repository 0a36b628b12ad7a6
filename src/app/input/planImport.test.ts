import { describe, expect, it } from 'vitest';
import { parseInferredData } from '../../core/import/parseInferredData';
import { parseSampleMetrics } from '../../core/import/parseSampleMetrics';
import type { InputError, Trajectory } from '../../core/types';
import type { ResultFile } from '../../worker/parseProtocol';
import { planImport } from './planImport';

const traj = (file: string, line: number, id: string, teacher: string): Trajectory => ({ id, teacher, messages: [], source: { file, line, raw: '' } });
const loaded = { trajectories: [traj('a.jsonl', 1, 'p1', 'a'), traj('a.jsonl', 2, 'p2', 'a')], inputErrors: [] as InputError[] };
const metricsLine = (id: string, teacher?: string) =>
  JSON.stringify({ sample_id: id, ...(teacher && { teacher }), resp_token_length: 4, avg_rank_clip: 2, avg_surprisal: 1, rank_surprisal_ratio: 2 });
const tokensLine = (id: string, extra = {}) => JSON.stringify({ id, teacher: 'a', resp_token_positions: [3, 4], nlls: [0.1, 0.2], ranks: [1, 2], ...extra });

/** A results file as the parse worker hands it over. */
function resultFile(name: string, text: string, over: Partial<ResultFile> = {}): ResultFile {
  const teacher = over.teacher ?? name.replace(/\.\w+$/, '');
  const metrics = parseSampleMetrics(text, { teacher });
  const isTokens = text.includes('"nlls"') || text.includes('"tokens"');
  const inferred = isTokens ? parseInferredData(text, { teacher }) : { rows: [], errors: [] };
  return { name, kind: isTokens ? 'tokens' : 'metrics', teacher, metrics: metrics.rows, inferred: inferred.rows, datasets: [], errors: isTokens ? inferred.errors : metrics.errors, ...over };
}

describe('planImport', () => {
  it('planImport(metrics file) keeps every row, matching loaded trajectories by id and teacher', () => {
    const plan = planImport(resultFile('m.jsonl', [metricsLine('p1', 'a'), metricsLine('p9', 'a'), '{oops'].join('\n')), loaded);
    expect(plan.kind).toBe('metrics');
    expect(plan.rows.map((r) => [r.key, r.matchedKey])).toEqual([
      ['import:m.jsonl:1', 'a.jsonl:1'],
      ['import:m.jsonl:2', undefined],
    ]);
    expect(plan.problems).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
    expect(plan.notes[0]).toMatch(/1 of 2 rows matches no loaded trajectory/);
  });

  it('planImport(token file) queues matched lines and reports the others by line', () => {
    const text = [tokensLine('p2'), tokensLine('p9'), tokensLine('p8', { resp_token_length: 2, avg_rank_clip: 1.5, avg_surprisal: 0.15 })].join('\n');
    const plan = planImport(resultFile('inferred.jsonl', text), loaded);
    expect(plan.kind).toBe('tokens');
    expect(plan.jobs.map((j) => [j.key, j.row.line])).toEqual([['a.jsonl:2', 1]]);
    expect(plan.problems).toEqual([
      { line: 2, reason: 'no loaded trajectory has id "p9": load the original trajectories to draw it', severity: 'error' },
      { line: 3, reason: 'no loaded trajectory has id "p8": metrics imported without a heatmap', severity: 'partial' },
    ]);
    expect(plan.rows.map((r) => r.id)).toEqual(['p8']);
  });
});

describe('planImport: the reference’s output tree', () => {
  // Two teachers answer the same problems, in the RSR_data layout: ids alone cannot tell them apart.
  const tree = {
    trajectories: [
      traj('RSR_data/t1/gen1.json', 2, 'q1', 't1'),
      // No id in the record: ours is its line, the reference's sample_id its index (1).
      traj('RSR_data/t1/gen1.json', 9, '9', 't1'),
      traj('RSR_data/t2/gen1.json', 2, 'q1', 't2'),
      traj('RSR_data/t2/gen1.json', 9, '16', 't2'),
      traj('RSR_data/t2/gen1.json', 16, 'q3', 't2'),
    ],
    inputErrors: [{ file: 'RSR_data/t2/gen1.json', line: 12, reason: 'no assistant turn' }],
  };

  it('joins a dataset’s rows to the loaded file of that dataset, by sample_id, and shows them under the loaded teacher', () => {
    const plan = planImport(resultFile('out/_sample_metrics/m/t2/gen1.jsonl', [metricsLine('q1'), metricsLine('q9')].join('\n'), { model: 'm', dataset: 't2__gen1', teacher: 't2__gen1' }), tree);
    expect(plan.rows.map((r) => [r.matchedKey, r.teacher, r.provenance.model])).toEqual([
      ['RSR_data/t2/gen1.json:2', 't2', 'm'],
      [undefined, 't2__gen1', 'm'],
    ]);
  });

  it('joins the reference’s sample_id of a record without an id (its index) to that record', () => {
    const plan = planImport(resultFile('out/_sample_metrics/m/t1/gen1.jsonl', [metricsLine('1'), metricsLine('0')].join('\n'), { model: 'm', dataset: 't1__gen1', teacher: 't1__gen1' }), tree);
    expect(plan.rows.map((r) => [r.matchedKey, r.id])).toEqual([
      ['RSR_data/t1/gen1.json:9', '9'],
      [undefined, '0'],
    ]);
  });

  it('joins old-schema rows (sample_idx) by their record’s position in the file, records that did not load counted', () => {
    const old = (idx: number) => JSON.stringify({ sample_idx: idx, tokens: [{ position: 2, prob: 0.5, nll: 0.7, rank: 1 }] });
    const plan = planImport(resultFile('out/_infered_data/m/t2__gen1.parquet', [old(0), old(1), old(3), old(2)].join('\n'), { model: 'm', dataset: 't2__gen1', teacher: 't2__gen1' }), tree);
    expect(plan.jobs.map((j) => [j.row.line, j.key, j.row.respPositions])).toEqual([
      [1, 'RSR_data/t2/gen1.json:2', [3]],
      [2, 'RSR_data/t2/gen1.json:9', [3]],
      [3, 'RSR_data/t2/gen1.json:16', [3]],
    ]);
    expect(plan.problems).toEqual([{ line: 4, reason: 'RSR_data/t2/gen1.json has no loadable record 2 (sample_idx, 0-based): load the original trajectories to draw it', severity: 'error' }]);
  });

  it('joins repeated ids in a file (one problem, several teachers) in order: the n-th row of an id to its n-th record', () => {
    const both = { trajectories: [traj('d/mix.jsonl', 1, 'q1', 'a'), traj('d/mix.jsonl', 2, 'q1', 'b')], inputErrors: [] };
    const plan = planImport(resultFile('out/_sample_metrics/m/mix.jsonl', [metricsLine('q1'), metricsLine('q1'), metricsLine('q1')].join('\n'), { model: 'm', dataset: 'mix', teacher: 'mix' }), both);
    expect(plan.rows.map((r) => [r.matchedKey, r.teacher])).toEqual([
      ['d/mix.jsonl:1', 'a'],
      ['d/mix.jsonl:2', 'b'],
      [undefined, 'mix'],
    ]);
  });

  it('a loaded file none of whose records loaded (a results file read as trajectories) does not block its namesake dataset', () => {
    const withFailed = {
      trajectories: [traj('run/data/teacher_terse.jsonl', 1, 'q1', 'teacher_terse')],
      inputErrors: [1, 2].map((line) => ({ file: 'run/old_schema/teacher_terse.jsonl', line, reason: 'no messages' })),
    };
    const plan = planImport(resultFile('run/_sample_metrics/m/teacher_terse.jsonl', metricsLine('q1'), { model: 'm', dataset: 'teacher_terse', teacher: 'teacher_terse' }), withFailed);
    expect(plan.rows.map((r) => r.matchedKey)).toEqual(['run/data/teacher_terse.jsonl:1']);
  });

  it('a row without a loaded file for its dataset says which files to load', () => {
    const plan = planImport(resultFile('out/_sample_metrics/m/t3/gen1.jsonl', metricsLine('q1'), { model: 'm', dataset: 't3__gen1', teacher: 't3__gen1' }), tree);
    expect(plan.rows[0].matchedKey).toBeUndefined();
    expect(plan.notes).toContain('Load the trajectories of dataset "t3__gen1" to join these rows to them.');
  });
});
