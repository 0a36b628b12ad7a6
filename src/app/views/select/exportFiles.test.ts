import { describe, expect, it } from 'vitest';
import type { TeacherSummary, TrajectoryMetrics } from '../../../core/types';
import { RESULT_FIELDS } from '../../../core/export/resultLine';
import { resultsJsonl, selectionJsonl, summaryTsv } from './exportFiles';

const metrics: TrajectoryMetrics = { respTokenLength: 4, avgRankClip: 2.5, avgRank: 30, avgSurprisal: 0.5, avgEntropy: NaN, rsr: 5 };

describe('selectionJsonl', () => {
  it('selectionJsonl(rows) writes each original line byte for byte, one per line, and counts rows without one', () => {
    const raw = '{"id": "p1",  "messages": [{"role":"user","content":"é\\u00e9"}]}';
    const out = selectionJsonl([{ source: { file: 'a.jsonl', line: 3, raw } }, {}, { source: { file: 'b.jsonl', line: 1, raw: '{"id":2}' } }]);
    expect(out.text).toBe(`${raw}\n{"id":2}\n`);
    expect(out.lines).toBe(2);
    expect(out.missing).toBe(1);
  });
});

describe('resultsJsonl', () => {
  it('resultsJsonl(rows) writes the _sample_metrics fields in order, NaN and unknown provenance as null', () => {
    const text = resultsJsonl([{ id: 'p1', teacher: 't', metrics, provenance: { model: 'm', device: 'wasm' } }]);
    expect(text.endsWith('\n')).toBe(true);
    const line = JSON.parse(text);
    expect(Object.keys(line)).toEqual([...RESULT_FIELDS]);
    expect(line).toMatchObject({ sample_id: 'p1', rank_surprisal_ratio: 5, avg_entropy: null, model: 'm', dtype: null, device: 'wasm' });
  });
  it('resultsJsonl carries the full provenance: clip, template, scoring path, the ONNX file, approximation, source file and line, truncation', () => {
    const provenance = { model: 'm', dtype: 'q8', device: 'wasm', version: '0.1.0', clip: 50, template: 'auto', path: 'graph' as const, file: 'onnx/model_quantized.onnx', approximate: 'q8 scales per chunk' };
    const line = JSON.parse(resultsJsonl([{ id: 'p1', teacher: 't', metrics, provenance, source: { file: 'a.jsonl', line: 7 }, cut: { truncated: true } }]));
    expect(line).toMatchObject({ rank_clip: 50, template: 'auto', scoring_path: 'graph', source_file: 'a.jsonl', source_line: 7, truncated: true, version: '0.1.0' });
    expect(line).toMatchObject({ model_file: 'onnx/model_quantized.onnx', approximate: 'q8 scales per chunk' });
  });
});

describe('summaryTsv', () => {
  const summary: TeacherSummary = { teacher: 'a\tb', n: 2, rsr: 1.25, avgRankClip: 2, avgRank: 3, avgSurprisal: 1.6, avgEntropy: NaN, avgLength: 10 };
  it('summaryTsv(summaries, intervals) writes a header and full-precision rows, blanks for missing numbers', () => {
    const tsv = summaryTsv([summary], new Map([['a\tb', { rsr: 1.25, lo: 1.1, hi: 1.4, b: 1000 }]]));
    const [header, row, end] = tsv.split('\n');
    expect(header.split('\t')).toHaveLength(23);
    expect(row.split('\t')).toEqual(['a b', '2', '1.25', '1.1', '1.4', '2', '1.6', '10', '3', '', '', '', '', '', '', '', '', '', '', '', '', '', '']);
    expect(end).toBe('');
  });

  it('reliability: summaryTsv escapes a teacher a spreadsheet would run as a formula, and keeps negative numbers as numbers', () => {
    const tsv = summaryTsv([{ ...summary, teacher: '=HYPERLINK("http://evil","x")', avgEntropy: -0.5 }, { ...summary, teacher: '@SUM(A1)' }]);
    const [header, first, second] = tsv.split('\n');
    expect(first.split('\t')[0]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(first.split('\t')[header.split('\t').indexOf('avg_entropy')]).toBe('-0.5');
    expect(second.split('\t')[0]).toBe(`'@SUM(A1)`);
  });
});

describe('summaryTsv: provenance', () => {
  it('summaryTsv(…, rows) names every model, device and scoring path behind each teacher', () => {
    const summary: TeacherSummary = { teacher: 't', n: 2, rsr: 1, avgRankClip: 1, avgRank: 1, avgSurprisal: 1, avgEntropy: 1, avgLength: 1 };
    const rows = [
      { teacher: 't', provenance: { model: 'm', device: 'wasm', path: 'graph' as const, clip: 100 } },
      { teacher: 't', provenance: { model: 'm', device: 'webgpu', path: 'graph' as const, clip: 100 } },
    ];
    const [header, row] = summaryTsv([summary], new Map(), rows).split('\n');
    const cells = Object.fromEntries(header.split('\t').map((h, i) => [h, row.split('\t')[i]]));
    expect(cells).toMatchObject({ model: 'm', device: 'wasm; webgpu', scoring_path: 'graph', rank_clip: '100' });
  });

  it('summaryTsv(…, rows) says per teacher the max-tokens setting, how many rows it cut, and how many were longer than the context', () => {
    const summaries: TeacherSummary[] = ['cut', 'whole', 'imported'].map((teacher) => ({ teacher, n: 2, rsr: 1, avgRankClip: 1, avgRank: 1, avgSurprisal: 1, avgEntropy: 1, avgLength: 1 }));
    const scored = (teacher: string, truncated: boolean, positionLimit?: number) => ({
      teacher,
      provenance: { model: 'm', maxTokens: 2048 },
      metrics: { respTokenLength: 5 },
      cut: { truncated, maxTokens: 2048, ...(positionLimit && { positionLimit }) },
    });
    const rows = [scored('cut', true), scored('cut', false, 4096), scored('whole', false), scored('whole', false), { teacher: 'imported', provenance: { model: 'm' } }];
    const [header, ...lines] = summaryTsv(summaries, new Map(), rows).split('\n');
    const cells = lines.filter(Boolean).map((line) => Object.fromEntries(header.split('\t').map((h, i) => [h, line.split('\t')[i]])));
    expect(cells.map((c) => [c.teacher, c.max_tokens, c.truncated, c.past_context])).toEqual([
      ['cut', '2048', '1', '1'],
      ['whole', '2048', '0', '0'],
      // The reference's rows do not say.
      ['imported', '', '', ''],
    ]);
  });
});
