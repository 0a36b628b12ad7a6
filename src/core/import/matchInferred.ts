import type { InferredRow } from './parseInferredData';

/** The same conversation as the student's tokenizer sees it. */
export interface StudentTokens {
  /** T: number of tokens of the rendered conversation. */
  tokenCount: number;
  /** Its token ids, when available: compared id by id. */
  inputIds?: ArrayLike<number>;
  /** Its response positions, when available: the spans must be the same tokens. */
  respPositions?: ArrayLike<number>;
}

export type MatchResult = { ok: true } | { ok: false; reason: string };

/**
 * Whether imported per-token scores belong to the conversation as this student tokenizes it.
 * Scores from another tokenizer or chat template would be drawn on the wrong tokens and look
 * plausible, so any difference is a mismatch with a reason that names the first place it
 * occurs. Checks run from the most basic (no such trajectory, different token ids) to the most
 * specific (response spans), and the first failure is reported.
 * `student` is undefined when no loaded trajectory has the row's id.
 */
export function matchInferred(
  row: Pick<InferredRow, 'id' | 'teacher' | 'respPositions' | 'inputIds' | 'respTokenIds'>,
  student: StudentTokens | undefined,
): MatchResult {
  const label = `"${row.id}" (teacher "${row.teacher}")`;
  if (!student) return fail(`no loaded trajectory has id ${label}`);
  const T = student.tokenCount;

  if (row.inputIds && student.inputIds) {
    const theirs = row.inputIds;
    const ours = student.inputIds;
    const common = Math.min(theirs.length, ours.length);
    for (let i = 0; i < common; i++) {
      if (theirs[i] !== ours[i]) {
        return fail(`${label}: input_ids differ from the student's tokenization at index ${i} (imported ${theirs[i]}, student ${ours[i]}); was it scored with another tokenizer or chat template?`);
      }
    }
    if (theirs.length !== ours.length) {
      return fail(`${label}: input_ids have ${theirs.length} tokens, the student's tokenization ${ours.length}; the first ${common} agree`);
    }
  } else if (row.inputIds && row.inputIds.length !== T) {
    return fail(`${label}: input_ids have ${row.inputIds.length} tokens, the student's tokenization ${T}`);
  }

  let beyond = 0;
  for (const p of row.respPositions) if (p >= T) beyond++;
  if (beyond) {
    const first = row.respPositions.find((p) => p >= T);
    return fail(`${label}: ${beyond} of ${row.respPositions.length} response positions are beyond the student's ${T} tokens (first: ${first}; positions are 0-based)`);
  }

  if (row.respTokenIds && student.inputIds) {
    for (let i = 0; i < row.respPositions.length; i++) {
      const p = row.respPositions[i];
      if (row.respTokenIds[i] !== student.inputIds[p]) {
        return fail(`${label}: response token ${i} (position ${p}) is id ${row.respTokenIds[i]} in the import, ${student.inputIds[p]} in the student's tokenization`);
      }
    }
  }

  if (student.respPositions) {
    const theirs = row.respPositions;
    const ours = student.respPositions;
    const common = Math.min(theirs.length, ours.length);
    for (let i = 0; i < common; i++) {
      if (theirs[i] !== ours[i]) {
        return fail(`${label}: response spans differ at response token ${i} (imported position ${theirs[i]}, student ${ours[i]})`);
      }
    }
    if (theirs.length !== ours.length) {
      return fail(`${label}: ${theirs.length} response tokens imported, the student's spans have ${ours.length}`);
    }
  }
  return { ok: true };
}

function fail(reason: string): MatchResult {
  return { ok: false, reason };
}
