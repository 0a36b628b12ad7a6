/**
 * One TSV cell. Text that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`
 * (or a tab or carriage return, which some spreadsheets skip before reading one) — gets a leading
 * `'`, the escape Excel, LibreOffice and Google Sheets all show as plain text (OWASP, "CSV
 * Injection"). A teacher named `=HYPERLINK(…)` stays a name. Tabs and newlines inside text would
 * break the row, so they become spaces. Numbers are written as given: `-1.5` is a value, not a
 * formula, and must stay one.
 */
export function tsvCell(value: string | number | boolean | null | undefined, format: (n: number) => string = String): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : format(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  const text = value.replace(/[\t\r\n]/g, ' ');
  return /^[=+\-@\t\r]/.test(value) ? `'${text}` : text;
}

/** Rows of cells as TSV text: a header line, then one line per row, each ending in `\n`. */
export function tsvText(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[], format?: (n: number) => string): string {
  return [header.map((h) => tsvCell(h)), ...rows.map((r) => r.map((c) => tsvCell(c, format)))].map((cells) => cells.join('\t') + '\n').join('');
}
