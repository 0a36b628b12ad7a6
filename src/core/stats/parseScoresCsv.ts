/** A row that could not be read: 1-based line where its record starts, and why. */
export interface ScoresCsvError {
  line: number;
  reason: string;
}

export interface ParsedScores {
  /** Teacher → score, in file order. */
  scores: Map<string, number>;
  errors: ScoresCsvError[];
}

// A plain decimal number. Number() alone would also take "", "0x1f" and "Infinity".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Per-teacher scores from CSV or TSV text: `teacher,score` per row (RFC 4180 quoting, "" for a
 * literal quote, quoted fields may span lines; CRLF, LF or CR line ends; a UTF-8 BOM is ignored).
 * Decisions:
 * - The delimiter is a tab if the first record has a tab outside quotes, else a comma.
 * - The first non-blank record is a header, and skipped, when its second field is not a number.
 * - Only the first two columns are read; more (notes, spreadsheet padding) are ignored.
 * - Fields are trimmed. Blank rows, and rows whose fields are all blank, are skipped.
 * - A repeated teacher keeps its first score; the repeat is reported.
 * Bad rows are reported with their line and the rest still load.
 */
export function parseScoresCsv(text: string): ParsedScores {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = firstRecordHasTab(text) ? '\t' : ',';
  const scores = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const errors: ScoresCsvError[] = [];
  let isFirst = true;
  for (const record of records(text, delimiter)) {
    if (record.unterminated) {
      errors.push({ line: record.line, reason: 'unterminated quoted field (a " is never closed)' });
      continue;
    }
    const fields = record.fields.map((f) => f.trim());
    if (fields.every((f) => f === '')) continue;
    const wasFirst = isFirst;
    isFirst = false;
    if (fields.length < 2) {
      errors.push({ line: record.line, reason: `expected "teacher${delimiter === '\t' ? '<tab>' : ','}score", found one field` });
      continue;
    }
    const [teacher, scoreText] = fields;
    if (!NUMBER.test(scoreText)) {
      if (wasFirst) continue; // header row
      errors.push({ line: record.line, reason: scoreText === '' ? 'missing score' : `score "${scoreText}" is not a number` });
      continue;
    }
    if (teacher === '') {
      errors.push({ line: record.line, reason: 'missing teacher name' });
      continue;
    }
    if (scores.has(teacher)) {
      errors.push({ line: record.line, reason: `duplicate teacher "${teacher}" (first on line ${firstLine.get(teacher)}); the first score is kept` });
      continue;
    }
    scores.set(teacher, Number(scoreText));
    firstLine.set(teacher, record.line);
  }
  return { scores, errors };
}

function firstRecordHasTab(text: string): boolean {
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return false;
    else if (!quoted && c === '\t') return true;
  }
  return false;
}

interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  unterminated: boolean;
}

function* records(text: string, delimiter: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let unterminated = false;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const c = text[i];
      // A quote opens a quoted field only at its start (leading blanks allowed); elsewhere it is literal.
      if (c === '"' && field.trim() === '') {
        field = '';
        i++;
        for (;;) {
          if (i >= n) {
            unterminated = true;
            break;
          }
          const d = text[i];
          if (d === '"') {
            i++;
            if (text[i] === '"') {
              field += '"';
              i++;
              continue;
            }
            break;
          }
          if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++;
          field += d;
          i++;
        }
        if (unterminated) {
          fields.push(field);
          break;
        }
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      field += c;
      i++;
    }
    yield { line: start, fields, unterminated };
  }
}
