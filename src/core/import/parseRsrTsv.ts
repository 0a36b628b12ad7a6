import type { LineError } from './jsonLines';

/** One dataset's line of the reference's `rsr_<model>.tsv` (its Eq. 9 aggregate; no per-sample data). */
export interface DatasetLine {
  dataName: string;
  /** Not in the file: the TSV keeps no sample count. */
  n: number;
  avgRespTokenLength: number;
  avgRankClip: number;
  avgSurprisal: number;
  rsr: number;
  line: number;
}

/**
 * `rsr_<model>.tsv` as rsr_cal.py's upsert_tsv writes it with pandas: a header row, then one row per
 * dataset; `avg_token_length` before 2026-03-13, `avg_resp_token_length` since; an empty cell is
 * NaN. Rows without a data_name or an RSR are reported by line.
 */
export function parseRsrTsv(text: string): { rows: DatasetLine[]; errors: LineError[] } {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const header = lines[0].split('\t');
  const col = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const cols = {
    dataName: col('data_name'),
    length: col('avg_resp_token_length', 'avg_token_length'),
    rank: col('avg_rank_clip'),
    surprisal: col('avg_surprisal'),
    rsr: col('rank_surprisal_ratio'),
  };
  const rows: DatasetLine[] = [];
  const errors: LineError[] = [];
  if (cols.dataName < 0 || cols.rsr < 0) return { rows, errors: [{ line: 1, reason: 'not an rsr_<model>.tsv: no data_name and rank_surprisal_ratio columns' }] };
  const num = (cells: string[], i: number) => (i < 0 || cells[i] === undefined || cells[i] === '' ? NaN : Number(cells[i]));
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const cells = lines[i].split('\t');
    const dataName = cells[cols.dataName];
    const rsr = num(cells, cols.rsr);
    if (!dataName || Number.isNaN(rsr)) {
      errors.push({ line: i + 1, reason: !dataName ? 'no data_name' : `rank_surprisal_ratio is not a number (${JSON.stringify(cells[cols.rsr] ?? '')})` });
      continue;
    }
    rows.push({ dataName, n: NaN, avgRespTokenLength: num(cells, cols.length), avgRankClip: num(cells, cols.rank), avgSurprisal: num(cells, cols.surprisal), rsr, line: i + 1 });
  }
  return { rows, errors };
}
