import type { RowCut } from '../metrics/teacherCuts';

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * What cut a result line's trajectory, from the fields our results carry (`truncated`,
 * `max_tokens`, `max_position_embeddings`); the reference's lines carry none of them, and then
 * nothing is known.
 */
export function recordCut(record: Record<string, unknown>): RowCut {
  return {
    ...(typeof record.truncated === 'boolean' && { truncated: record.truncated }),
    ...(isCount(record.max_tokens) && { maxTokens: record.max_tokens }),
    ...(isCount(record.max_position_embeddings) && { positionLimit: record.max_position_embeddings }),
  };
}
