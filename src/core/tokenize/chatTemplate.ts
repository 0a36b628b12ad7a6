import { Interpreter, Template } from '@huggingface/jinja';

/** A compiled chat template: variables in, rendered conversation out. */
export interface ChatTemplate {
  render(variables: Record<string, unknown>): string;
}

const STRIP = ['strip', 'lstrip', 'rstrip'] as const;
type StripMode = (typeof STRIP)[number];

/** What one render may cost: a chat template comes with a downloaded or dropped model and is code. */
export interface RenderLimits {
  /** Wall time of one render, ms. Real templates take milliseconds even on 32k-token conversations. */
  timeMs: number;
  /** Characters of any one string the template builds, the output included. */
  maxChars: number;
  /** Items of any one list it builds (`range(n)` included). */
  maxItems: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { timeMs: 5_000, maxChars: 1 << 25, maxItems: 1 << 20 };

/** A render stopped at a limit: the message names the limit and what to suspect. */
export class TemplateLimitError extends Error {}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * `template.render(variables)` within limits. @huggingface/jinja renders synchronously, so no
 * timer, message or Cancel can interrupt it, in a worker or in Node: a looping template would
 * spin until killed, and one that builds a huge string would exhaust the heap (a V8 fatal error,
 * not an exception). The limits are checked from inside the interpreter instead: its `evaluate`,
 * through which every node of the template passes, is wrapped for the length of this one
 * synchronous call (nothing else can run meanwhile), checking the clock at every node and the
 * size of every string and list a node returns; `range` calls are rewritten (see rewriteCalls) to
 one that refuses huge lists before building them.
 */
function renderWithin(template: Template, variables: Record<string, unknown>, limits: RenderLimits): string {
  const deadline = performance.now() + limits.timeMs;
  const evaluate = Interpreter.prototype.evaluate;
  const tooBig = (what: string, n: number, limit: number) =>
    new TemplateLimitError(`the student's chat template built a ${what} of ${count(n)} (limit ${count(limit)}) while rendering one conversation; rendering stopped`);
  Interpreter.prototype.evaluate = function (this: Interpreter, statement, environment) {
    // Every node, not every n-th: one node can be a loop of a million empty iterations, and a
    // thousand of those between two looks at the clock would be minutes.
    if (performance.now() > deadline) {
      throw new TemplateLimitError(`the student's chat template took more than ${limits.timeMs / 1000} s to render one conversation (a loop that never ends?); rendering stopped`);
    }
    const value = evaluate.call(this, statement, environment);
    if (value.type === 'StringValue' && (value.value as string).length > limits.maxChars) throw tooBig('string', (value.value as string).length, limits.maxChars);
    if (value.type === 'ArrayValue' && (value.value as unknown[]).length > limits.maxItems) throw tooBig('list', (value.value as unknown[]).length, limits.maxItems);
    return value;
  };
  const range = (start: number, stop?: number, step = 1) => {
    const [from, to] = stop === undefined ? [0, start] : [start, stop];
    const n = step ? Math.max(0, Math.ceil((to - from) / step)) : 0;
    if (n > limits.maxItems) throw tooBig('list', n, limits.maxItems);
    if (!step) throw new Error('range() step must not be zero');
    return Array.from({ length: n }, (_, i) => from + i * step);
  };
  try {
    return template.render({ ...variables, [RANGE_HELPER]: range });
  } finally {
    Interpreter.prototype.evaluate = evaluate;
  }
}

/**
 * Compile a Hugging Face chat template with @huggingface/jinja, repaired to match Python's Jinja.
 *
 * Why: @huggingface/jinja 0.5.x ignores the argument of `str.strip/lstrip/rstrip` and always strips
 * whitespace. Qwen3's template does `reasoning.rstrip('\n')`, so a thought ending in "\] \n" renders
 * "\]\n</think>" in JS but "\] \n</think>" in Python — different token ids from the reference
 * (seen on a real 8k-token trajectory of the long parity fixture). Calls with an argument are
 * rewritten in the parsed template to call a Python-exact implementation instead.
 */
export function compileChatTemplate(source: string, limits: RenderLimits = DEFAULT_RENDER_LIMITS): ChatTemplate {
  const template = new Template(source) as Template & { parsed: unknown };
  rewriteCalls(template.parsed);
  const helpers = Object.fromEntries(STRIP.map((mode) => [helperName(mode), (s: string, chars: string | null) => pyStrip(s, chars, mode)]));
  return { render: (variables) => renderWithin(template, { ...variables, ...helpers }, limits) };
}

const helperName = (mode: StripMode) => `__rsr_lens_${mode}`;
const RANGE_HELPER = '__rsr_lens_range';

/**
 * `x.rstrip(chars)` → `__rsr_lens_rstrip(x, chars)`; calls without an argument keep the library's
 * (correct) behaviour. `range(…)` → `__rsr_lens_range(…)`, the limited one (the global cannot be
 * replaced: the library's environment refuses to redeclare it).
 */
function rewriteCalls(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) rewriteCalls(child);
    return;
  }
  const n = node as Record<string, any>;
  for (const value of Object.values(n)) rewriteCalls(value);
  const callee = n.callee;
  if (n.type === 'CallExpression' && callee?.type === 'Identifier' && callee.value === 'range') callee.value = RANGE_HELPER;
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
