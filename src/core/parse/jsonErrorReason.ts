/** Parser messages can quote the input; a long quote would swamp the error list. */
const MAX_JSON_MESSAGE = 200;

/** V8 (Chromium, Node): "… in JSON at position 68", newer versions add " (line 1 column 69)". */
const V8_POSITION = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/;
/** SpiderMonkey (Firefox): "… at line 1 column 69 of the JSON data". */
const FIREFOX_POSITION = /\s*at line (\d+) column (\d+) of the JSON data/;

/**
 * The reason shown for a record JSON.parse rejected, as `invalid JSON at column 69: <message>`.
 * The parser counts lines inside the record, starting at 1, so its "(line 1 column 69)" beside our
 * `file:line` named two different line numbers. The place is rewritten in the file's terms: the
 * column alone when the error is on the record's first line (every JSONL record), else the file
 * line too (a record of a JSON array spans several). `recordLine` is the file line the record starts on.
 */
export function jsonErrorReason(message: string, raw: string, recordLine: number): string {
  let lineInRecord: number | undefined;
  let column: number | undefined;
  let text = message;
  const v8 = V8_POSITION.exec(message);
  const firefox = v8 ? null : FIREFOX_POSITION.exec(message);
  if (v8) {
    const position = Math.min(Number(v8[1]), raw.length);
    const before = raw.slice(0, position);
    const lastNewline = before.lastIndexOf('\n');
    lineInRecord = before.split('\n').length - 1;
    column = position - lastNewline;
    text = message.replace(V8_POSITION, '');
  } else if (firefox) {
    lineInRecord = Number(firefox[1]) - 1;
    column = Number(firefox[2]);
    text = message.replace(FIREFOX_POSITION, '');
  }
  const short = text.length > MAX_JSON_MESSAGE ? `${text.slice(0, MAX_JSON_MESSAGE)}…` : text;
  if (column === undefined || lineInRecord === undefined) return `invalid JSON: ${short}`;
  const where = lineInRecord === 0 ? `column ${column}` : `line ${recordLine + lineInRecord}, column ${column}`;
  return `invalid JSON at ${where}: ${short}`;
}
