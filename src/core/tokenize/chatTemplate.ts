import { Template } from '@huggingface/jinja';

/** A compiled chat template: variables in, rendered conversation out. */
export interface ChatTemplate {
  render(variables: Record<string, unknown>): string;
}

const STRIP = ['strip', 'lstrip', 'rstrip'] as const;
type StripMode = (typeof STRIP)[number];

/**
 * Compile a Hugging Face chat template with @huggingface/jinja, repaired to match Python's Jinja.
 *
 * Why: @huggingface/jinja 0.5.x ignores the argument of `str.strip/lstrip/rstrip` and always strips
 * whitespace. Qwen3's template does `reasoning.rstrip('\n')`, so a thought ending in "\] \n" renders
 * "\]\n</think>" in JS but "\] \n</think>" in Python — different token ids from the reference
 * (seen on a real 8k-token trajectory of the long parity fixture). Calls with an argument are
 * rewritten in the parsed template to call a Python-exact implementation instead.
 */
export function compileChatTemplate(source: string): ChatTemplate {
  const template = new Template(source) as Template & { parsed: unknown };
  rewriteStripCalls(template.parsed);
  const helpers = Object.fromEntries(STRIP.map((mode) => [helperName(mode), (s: string, chars: string | null) => pyStrip(s, chars, mode)]));
  return { render: (variables) => template.render({ ...variables, ...helpers }) };
}

const helperName = (mode: StripMode) => `__rsr_lens_${mode}`;

/** `x.rstrip(chars)` → `__rsr_lens_rstrip(x, chars)`; calls without an argument keep the library's (correct) behaviour. */
function rewriteStripCalls(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) rewriteStripCalls(child);
    return;
  }
  const n = node as Record<string, any>;
  for (const value of Object.values(n)) rewriteStripCalls(value);
  const callee = n.callee;
  if (
    n.type === 'CallExpression' &&
    callee?.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property?.type === 'Identifier' &&
    (STRIP as readonly string[]).includes(callee.property.value) &&
    n.args.length === 1
  ) {
    const fn = callee.property;
    fn.value = helperName(fn.value as StripMode);
    n.args = [callee.object, ...n.args];
    n.callee = fn;
  }
}

// Python's str.isspace() set (Unicode White_Space plus the ASCII separators \x1c–\x1f); JavaScript's
// \s differs (it includes U+FEFF and omits \x1c–\x1f and \x85).
const PY_WHITESPACE = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Python's str.strip/lstrip/rstrip: remove any of `chars` (whitespace when null) from the chosen ends. */
export function pyStrip(s: string, chars: string | null, mode: StripMode): string {
  if (typeof s !== 'string') return s;
  // Code points, not UTF-16 units: `chars` may name characters outside the BMP.
  const set = chars == null ? null : new Set(Array.from(chars));
  const strip = (ch: string) => (set ? set.has(ch) : PY_WHITESPACE.test(ch));
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  if (mode !== 'rstrip') while (start < end && strip(cps[start])) start++;
  if (mode !== 'lstrip') while (end > start && strip(cps[end - 1])) end--;
  return cps.slice(start, end).join('');
}
