import { readFileSync } from 'node:fs';
import { Interpreter, Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import { compileChatTemplate, DEFAULT_RENDER_LIMITS, pyStrip, TemplateLimitError } from './chatTemplate';

const qwenTemplate: string = JSON.parse(
  readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/tokenizer_config.json', import.meta.url), 'utf8'),
).chat_template;

const render = (source: string, variables: Record<string, unknown>) => compileChatTemplate(source).render(variables);

describe('pyStrip (Python str.strip/lstrip/rstrip)', () => {
  it("pyStrip(s, '\\n', 'rstrip') removes only newlines: trailing spaces before them stay, as in Python", () => {
    expect(pyStrip('\\] \n', '\n', 'rstrip')).toBe('\\] ');
    expect(pyStrip('a \n\n', '\n', 'rstrip')).toBe('a ');
    expect(pyStrip('\n a \n', '\n', 'rstrip')).toBe('\n a ');
  });

  it("pyStrip(s, chars, mode) treats chars as a set, from the chosen ends only", () => {
    expect(pyStrip('xyhixyx', 'xy', 'strip')).toBe('hi');
    expect(pyStrip('xyhixyx', 'yx', 'lstrip')).toBe('hixyx');
    expect(pyStrip('xyhixyx', 'xy', 'rstrip')).toBe('xyhi');
    expect(pyStrip('\n\n a\n', '\n', 'lstrip')).toBe(' a\n');
  });

  it('pyStrip(s, null, mode) strips whitespace (spaces, tabs, newlines, CR)', () => {
    expect(pyStrip(' \t\r\n a b \n\t ', null, 'strip')).toBe('a b');
    expect(pyStrip('  a  ', null, 'lstrip')).toBe('a  ');
    expect(pyStrip('  a  ', null, 'rstrip')).toBe('  a');
  });

  it("pyStrip(s, '', mode) strips nothing, as Python's 'abc'.strip('') does", () => {
    expect(pyStrip('  a  ', '', 'strip')).toBe('  a  ');
  });

  it('pyStrip can strip everything, and leaves "" as ""', () => {
    expect(pyStrip('\n\n', '\n', 'strip')).toBe('');
    expect(pyStrip('', '\n', 'rstrip')).toBe('');
    expect(pyStrip('', null, 'strip')).toBe('');
  });

  // chars is a set of code points: an astral character must match as a whole, not as UTF-16 halves.
  it('pyStrip strips astral characters named in chars, as Python does', () => {
    expect(pyStrip('👍a👍', '👍', 'strip')).toBe('a');
  });

  // JavaScript's /\s/ is not Python's str.isspace(): Python also strips \x1c–\x1f and \x85 and keeps U+FEFF.
  it("pyStrip(s, null, mode) strips what Python's str.isspace() calls whitespace", () => {
    expect(pyStrip('\x1c\x85a\x1f', null, 'strip')).toBe('a');
    expect(pyStrip('\ufeffa', null, 'strip')).toBe('\ufeffa');
  });
});

describe('compileChatTemplate', () => {
  it("@huggingface/jinja alone ignores strip's argument — the reason compileChatTemplate rewrites the calls", () => {
    // If this starts failing, the library has been fixed and the rewrite could go.
    expect(new Template("{{ x.rstrip('\\n') }}|").render({ x: 'a] \n' })).toBe('a]|');
  });

  it("compileChatTemplate: x.rstrip('\\n') keeps the trailing spaces before the newline, like Python", () => {
    expect(render("{{ x.rstrip('\\n') }}|", { x: 'a] \n' })).toBe('a] |');
  });

  it('compileChatTemplate: strip/lstrip/rstrip with a characters argument strip exactly those characters', () => {
    expect(render("{{ x.strip('xy') }}|{{ x.lstrip('xy') }}|{{ x.rstrip('xy') }}", { x: 'xyhixyx' })).toBe('hi|hixyx|xyhi');
  });

  it('compileChatTemplate: the argument may be any expression', () => {
    expect(render('{{ x.rstrip(chars) }}|{{ x.strip("a" + "b") }}', { x: 'abcab', chars: 'b' })).toBe('abca|c');
  });

  it('compileChatTemplate: x.strip() without arguments strips whitespace', () => {
    expect(render('[{{ x.strip() }}][{{ x.lstrip() }}][{{ x.rstrip() }}]', { x: ' \t\na b \n' })).toBe('[a b][a b \n][ \t\na b]');
  });

  it('compileChatTemplate: chained and nested calls are rewritten (the Qwen3 reasoning extraction)', () => {
    const source = "{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}|";
    expect(render(source, { c: '<think>\n\nstep \\] \n\n</think>\n\nanswer' })).toBe('step \\] |');
  });

  it('compileChatTemplate leaves other filters and methods alone', () => {
    expect(render('{{ x | trim }}|{{ x.upper() }}|{{ x.split(" ") | length }}', { x: ' a b ' })).toBe('a b| A B |4');
  });

  it('compileChatTemplate: a template variable does not clash with the helpers', () => {
    expect(render("{{ rstrip }}{{ x.rstrip('\\n') }}", { rstrip: 'R:', x: 'y \n' })).toBe('R:y ');
  });

  it('compileChatTemplate on the Qwen3 template renders a thought ending in "\\] \\n" exactly as Python does', () => {
    const messages = [
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: '<think>\nso \\[ x \\] \n</think>\n\nThe answer is 1.' },
    ];
    expect(render(qwenTemplate, { messages, add_generation_prompt: false })).toBe(
      '<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\nso \\[ x \\] \n</think>\n\nThe answer is 1.<|im_end|>\n',
    );
  });

  it('compileChatTemplate on the Qwen3 template renders a system prompt, two assistant turns and the generation prompt', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'A?' },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: 'B?' },
      { role: 'assistant', content: 'b' },
    ];
    const prompt = messages.slice(0, 4);
    // Earlier assistant turns lose their (empty) think block; the last one gets an empty one.
    expect(render(qwenTemplate, { messages, add_generation_prompt: false })).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nA?<|im_end|>\n<|im_start|>assistant\na<|im_end|>\n' +
        '<|im_start|>user\nB?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nb<|im_end|>\n',
    );
    expect(render(qwenTemplate, { messages: prompt, add_generation_prompt: true })).toMatch(/<\|im_start\|>user\nB\?<\|im_end\|>\n<\|im_start\|>assistant\n$/);
  });
});

describe('compileChatTemplate render limits (reliability)', () => {
  const unwrappedEvaluate = Interpreter.prototype.evaluate;
  const messages = [{ role: 'user', content: 'q' }];

  it('reliability: stops a template that loops without end after the time limit, with a clear error', () => {
    const t = compileChatTemplate('{% for i in range(1000000) %}{% for j in range(1000000) %}{{ "" }}{% endfor %}{% endfor %}', { ...DEFAULT_RENDER_LIMITS, timeMs: 200 });
    // Without the limit this render would run for days (10^12 iterations): that it throws at all is the test.
    expect(() => t.render({ messages })).toThrow(TemplateLimitError);
    expect(() => t.render({ messages })).toThrow(/took more than 0.2 s to render one conversation \(a loop that never ends\?\)/);
  });

  it('reliability: stops nested loops with empty bodies too, though their inner loops pass few nodes', () => {
    const t = compileChatTemplate('{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}', { ...DEFAULT_RENDER_LIMITS, timeMs: 200 });
    expect(() => t.render({ messages })).toThrow(TemplateLimitError);
  });

  it('reliability: stops a template that builds a huge string or list before the heap runs out', () => {
    const doubling = compileChatTemplate("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}");
    expect(() => doubling.render({ messages })).toThrow(/built a string of 67,108,864 \(limit 33,554,432\)/);
    const huge = compileChatTemplate('{% for i in range(1000000000) %}{% endfor %}');
    expect(() => huge.render({ messages })).toThrow(/built a list of 1,000,000,000 \(limit 1,048,576\)/);
  });

  it('renders templates as before under the limits, and leaves the interpreter unwrapped afterwards', () => {
    const t = compileChatTemplate('{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{{ range(3) | join(",") }}');
    expect(t.render({ messages })).toBe('<|im_start|>user\nq<|im_end|>\n0,1,2');
    expect(() => t.render({ messages: [{ role: 'user', content: 'x'.repeat(40_000_000) }] })).toThrow(TemplateLimitError);
    expect(Interpreter.prototype.evaluate).toBe(unwrappedEvaluate);
    expect(new Template('{{ "a" ~ "b" }}').render({})).toBe('ab');
  });
});
