/**
 * Text from the input (file names, ids, teachers, parser messages that quote a line) made safe
 * for a terminal: C0 and C1 control characters, DEL, and the Unicode bidirectional overrides
 * and isolates become visible escapes (`\x1b`, `\n`, `\u202e`). An ESC in an id could otherwise
 * move the cursor, retitle the window (OSC) or hide text; a bidi override could reorder what the
 * user reads. Everything else, non-ASCII letters included, is printed as is.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
