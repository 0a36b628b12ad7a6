import { datasetName } from '../../../core/export/authorsLayout';
import { parquetRowWriter } from '../../../core/export/parquetRowWriter';
import { RESULT_COLUMNS } from '../../../core/export/resultColumns';
import { resultLine } from '../../../core/export/resultLine';
import { teacherFromFile } from '../../../core/parse/teacherFromFile';
import type { ScoredTrajectory } from '../../../core/types';

/** What a parquet export records beside each result (its max-tokens setting comes with its provenance): each trajectory's content hash. */
export interface ParquetExportOptions {
  /** trajectoryKey → contentHash. */
  hashes: ReadonlyMap<string, string>;
}

/** The reference's dataset name of a loaded file: its folders and its stem, joined by `__`. */
const datasetOf = (file: string) => {
  const parts = file.split('/').filter(Boolean);
  return datasetName({ dirs: parts.slice(0, -1), stem: teacherFromFile(parts.at(-1) ?? '') });
};

/**
 * Results with tokens as parquet, the CLI's `--out results.parquet` columns (RESULT_COLUMNS): the
 * per-token `resp_token_positions`, `probs`, `nlls`, `ranks` are the reference's `_inferred_data`
 * columns, so its load_inference_results reads the file, and so does `rsr-lens summary`.
 * hyparquet-writer is imported here, on the first export, never with the page.
 */
export async function resultsParquet(results: readonly { key: string; result: ScoredTrajectory }[], options: ParquetExportOptions): Promise<Uint8Array> {
  const { ByteWriter } = await import('hyparquet-writer');
  const sink = new ByteWriter();
  const writer = await parquetRowWriter(sink, RESULT_COLUMNS);
  for (const { key, result } of results) {
    const line = resultLine(result, {
      tokens: true,
      sourcePath: result.source.file,
      contentHash: options.hashes.get(key) ?? '',
      dataset: datasetOf(result.source.file),
    });
    await writer.add({ ...line, probs: Array.from(result.scores.surprisal, (s) => Math.exp(-s)) });
  }
  await writer.finish();
  return sink.getBytes();
}
