/** What a file of the reference implementation's output tree holds, read from its path. */
export type ResultPath =
  | { kind: 'inferred' | 'sampleMetrics'; model: string; dataset: string; format: 'parquet' | 'jsonl' }
  | { kind: 'tsv'; model: string };

const TREE_DIRS: Record<string, 'inferred' | 'sampleMetrics'> = {
  _inferred_data: 'inferred',
  // Spelled so before 2026-03-13, when the folder was also flat (`<data_name>.<ext>`).
  _infered_data: 'inferred',
  _sample_metrics: 'sampleMetrics',
};

/**
 * The reference's output layout (rsr_cal.py `run`): `_inferred_data/<model>[_<tag>]/<dir>/<stem>.parquet`
 * (or `.jsonl`), `_sample_metrics/<model>[_<tag>]/<dir>/<stem>.jsonl` and `rsr_<model>[_<tag>].tsv`,
 * anywhere under the folder given. The dataset is named as the reference names it, the path
 * relative to its data root joined by `__` (`<dir>__<stem>`); undefined for any other file.
 */
export function resultPath(relativePath: string): ResultPath | undefined {
  const parts = relativePath.split(/[\\/]/).filter(Boolean);
  const file = parts.at(-1) ?? '';
  const tsv = /^rsr_(.+)\.tsv$/i.exec(file);
  if (tsv) return { kind: 'tsv', model: tsv[1] };
  const at = parts.findIndex((p) => p in TREE_DIRS);
  if (at < 0 || parts.length < at + 3) return undefined;
  const ext = /\.(parquet|jsonl)$/i.exec(file);
  if (!ext) return undefined;
  const kind = TREE_DIRS[parts[at]];
  const format = ext[1].toLowerCase() as 'parquet' | 'jsonl';
  if (kind === 'sampleMetrics' && format !== 'jsonl') return undefined;
  const rel = [...parts.slice(at + 2, -1), file.slice(0, -ext[0].length)];
  return { kind, model: parts[at + 1], dataset: rel.join('__'), format };
}
