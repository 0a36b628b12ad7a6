import type { ColumnSpec } from './parquetRowWriter';

/**
 * Our results as parquet: the fields of a result line (see the CLI's resultLine) with the
 * per-token arrays always present — parquet exists for them. `sample_id`, `resp_token_positions`,
 * `probs`, `nlls` and `ranks` are the reference's `_inferred_data` columns, so its
 * load_inference_results reads the file and keeps the rest as metadata; `ranks` here are
 * unclipped, as in our JSONL (its metrics clip them at R anyway).
 */
export const RESULT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sample_id', type: 'STRING' },
  { name: 'teacher', type: 'STRING' },
  { name: 'resp_token_length', type: 'INT32' },
  { name: 'avg_rank_clip', type: 'DOUBLE' },
  { name: 'avg_surprisal', type: 'DOUBLE' },
  { name: 'rank_surprisal_ratio', type: 'DOUBLE' },
  { name: 'avg_rank', type: 'DOUBLE' },
  { name: 'avg_entropy', type: 'DOUBLE' },
  { name: 'truncated', type: 'BOOLEAN' },
  { name: 'max_position_embeddings', type: 'INT32', isOptional: true },
  { name: 'source_file', type: 'STRING' },
  { name: 'source_line', type: 'INT32' },
  { name: 'content_hash', type: 'STRING' },
  { name: 'dataset', type: 'STRING' },
  { name: 'model', type: 'STRING' },
  { name: 'dtype', type: 'STRING' },
  { name: 'device', type: 'STRING' },
  { name: 'version', type: 'STRING' },
  { name: 'rank_clip', type: 'INT32' },
  { name: 'max_tokens', type: 'INT32', isOptional: true },
  { name: 'template', type: 'STRING' },
  { name: 'scoring_path', type: 'STRING' },
  { name: 'model_file', type: 'STRING', isOptional: true },
  { name: 'approximate', type: 'STRING', isOptional: true },
  { name: 'rank_semantics', type: 'STRING', isOptional: true },
  { name: 'resp_token_positions', type: 'INT32[]' },
  { name: 'probs', type: 'DOUBLE[]' },
  { name: 'nlls', type: 'DOUBLE[]' },
  { name: 'ranks', type: 'INT32[]' },
  { name: 'token_ids', type: 'INT32[]' },
];

/** The reference's `_inferred_data` parquet, column for column and type for type (pandas int64 and float64). */
export const INFERRED_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sample_id', type: 'STRING' },
  { name: 'resp_token_positions', type: 'INT64[]' },
  { name: 'probs', type: 'DOUBLE[]' },
  { name: 'nlls', type: 'DOUBLE[]' },
  { name: 'ranks', type: 'INT64[]' },
];
