import { type ResultSource, readResultSource, resultSource } from '../core/import/readResultFiles';
import { readMetricsRecord } from '../core/import/parseSampleMetrics';
import type { InputFile } from '../core/parse/readInputFile';
import type { LeftOut, ResultFile } from './parseProtocol';

/**
 * What a file holds, as the CLI's summary reads it (resultSource: its place in the reference's
 * tree, else its bytes). Per-token arrays win over metrics when a line has both (our CLI's
 * --tokens output): they draw heatmaps, and the same line's metrics stay as the fallback.
 */
export const sourceOf = (file: InputFile) => resultSource(file, { prefer: 'inferred' });

const EXACTNESS = { inferred: 0, metrics: 1, tsv: 2 } as const;

/** Rows per part handed out: a part of per-token rows is a few MB to pass to the page. */
const PART_ROWS = 500;

/**
 * The results files of a drop, read in the given order (parquet by row group, JSONL by line) and
 * handed out in parts of at most PART_ROWS rows: the parts of one file share its name, the
 * last has `isLast`. In the reference's tree each dataset of each student is read once, from its
 * per-token file when there is one (it draws heatmaps), else its `_sample_metrics`. Returned:
 * what was left out and why — files that hold no results, the other files of a dataset read.
 */
export async function collectResultFiles(files: readonly InputFile[], onPart: (part: ResultFile, isLast: boolean) => void): Promise<LeftOut[]> {
  const left: LeftOut[] = [];
  const sources: ResultSource[] = [];
  for (const file of files) {
    const source = await sourceOf(file);
    if (source) sources.push(source);
    else left.push({ file: file.name, reason: 'not a results file: no per-token nlls, no avg_rank_clip and avg_surprisal, and not in the reference’s output tree' });
  }
  const best = new Map<string, ResultSource>();
  for (const s of sources) {
    // A dataset's files in the reference's tree (a student's): only the most exact is read. A file
    // outside the tree (no student) is read for itself.
    if (s.dataset === undefined || s.model === undefined) continue;
    const key = `${s.model}\u0000${s.dataset}`;
    const seen = best.get(key);
    if (!seen || EXACTNESS[s.kind] < EXACTNESS[seen.kind]) best.set(key, s);
  }
  for (const s of sources) {
    const chosen = s.dataset !== undefined && s.model !== undefined ? best.get(`${s.model}\u0000${s.dataset}`)! : s;
    if (chosen !== s) {
      left.push({ file: s.file.name, reason: `not read: the same dataset's ${chosen.file.name} is read instead (${chosen.kind === 'inferred' ? 'per-token scores draw heatmaps' : 'per-sample metrics are exact'})`, instead: chosen.file.name });
      continue;
    }
    const empty = (): ResultFile => ({
      name: s.file.name,
      kind: s.kind === 'inferred' ? 'tokens' : s.kind,
      ...(s.model !== undefined && { model: s.model }),
      ...(s.dataset !== undefined && { dataset: s.dataset }),
      teacher: s.teacher,
      metrics: [],
      inferred: [],
      datasets: [],
      errors: [],
    });
    let out = empty();
    for await (const item of readResultSource(s)) {
      if (item.kind === 'error') out.errors.push({ line: item.error.line, reason: item.error.reason });
      else if (item.kind === 'metrics') out.metrics.push(item.row);
      else if (item.kind === 'dataset') out.datasets.push(item.row);
      else {
        out.inferred.push(item.row);
        if ('avg_rank_clip' in item.row.record) {
          const m = readMetricsRecord(item.row.record, item.row.line, s.teacher);
          if (typeof m !== 'string') out.metrics.push(m);
        }
      }
      if (out.inferred.length + out.metrics.length + out.datasets.length + out.errors.length >= PART_ROWS) {
        onPart(out, false);
        out = empty();
      }
    }
    onPart(out, true);
  }
  return left;
}
