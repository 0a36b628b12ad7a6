import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckRows, sqlText } from '../../../core/parquet/duckDb.fixture';
import { fakeScoredTrajectory } from '../heatmap/fakeScoredTrajectory.fixture';
import { resultsParquet } from './resultsParquet';

describe('resultsParquet', () => {
  it('resultsParquet(results) reads back in DuckDB with the reference’s per-token columns and our provenance', async () => {
    const result = {
      ...fakeScoredTrajectory([{ text: 'Q' }, { text: ' a', score: { rank: 1, surprisal: 0.25 } }, { text: ' b', score: { rank: 150, surprisal: 7.5 } }], 'p1'),
      source: { file: 'runs/math/gen1.jsonl', line: 3, raw: '{}' },
      positionLimit: 2,
    };
    result.provenance = { ...result.provenance, file: 'onnx/model_quantized.onnx', approximate: 'q8 activation scales per chunk' };
    const bytes = await resultsParquet([{ key: 'runs/math/gen1.jsonl:3', result }], { hashes: new Map([['runs/math/gen1.jsonl:3', 'abc']]) });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-export-')), 'results.parquet');
    fs.writeFileSync(file, bytes);
    const [row] = await duckRows(`SELECT * FROM read_parquet(${sqlText(file)})`);
    expect(row).toMatchObject({
      sample_id: 'p1',
      teacher: 'fake',
      resp_token_positions: [1, 2],
      nlls: [0.25, 7.5],
      ranks: [1, 150],
      token_ids: [1000, 1001, 1002],
      source_file: 'runs/math/gen1.jsonl',
      source_line: 3,
      dataset: 'runs__math__gen1',
      content_hash: 'abc',
      max_position_embeddings: 2,
      model: 'fake',
      rank_clip: 100,
      scoring_path: 'graph',
      model_file: 'onnx/model_quantized.onnx',
      approximate: 'q8 activation scales per chunk',
    });
    expect((row.probs as number[]).map((p) => Math.round(p * 1e6) / 1e6)).toEqual([Math.round(Math.exp(-0.25) * 1e6) / 1e6, Math.round(Math.exp(-7.5) * 1e6) / 1e6]);
  });
});
