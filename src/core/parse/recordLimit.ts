/**
 * The longest record (a JSONL line, a JSON array's element, a pretty-printed object) the parser
 * holds, in characters: 64 Mi. V8 cannot make a string past 2^29 − 24 characters, so a longer line
 * ended the whole file with one "Invalid string length" (and a gzipped file with no newline grew
 * without bound); and JSON.parse of such a string needs several times its size. A record past this
 * is counted to its end, never held, and reported as one error; the records after it load. The
 * longest conversation a run scores is far below it (MAX_CONVERSATION_CHARS, core/run).
 */
export const MAX_RECORD_CHARS = 2 ** 26;

/** Why a record was skipped for its length. */
export const tooLongReason = (chars: number, maxChars: number) =>
  `the record is ${chars.toLocaleString('en-US')} characters long, more than the ${maxChars.toLocaleString('en-US')} one record may have: skipped, and the records after it are read`;
