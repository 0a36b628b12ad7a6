import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFieldMap } from './fieldMap';
import { parseAll, parseInput, parseText, type ParseItem } from './parseInput';

const encoder = new TextEncoder();

/** A chat record as one JSONL line. */
function chat(id: string, user = `question ${id}`, assistant = `answer ${id}`): string {
  return JSON.stringify({ id, messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] });
}

/** The input as bytes cut every `size` bytes, splitting multi-byte characters wherever they fall. */
async function* byteChunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* textChunks(parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function items(chunks: AsyncIterable<Uint8Array | string>, file: string): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const item of parseInput(chunks, file)) out.push(item);
  return out;
}

const ids = (text: string, file = 't.jsonl') => parseText(text, file).trajectories.map((t) => t.id);

describe('parseText: bad records are reported with their line and the rest still load', () => {
  const user = { role: 'user', content: 'q' };
  const assistant = { role: 'assistant', content: 'a' };
  const cases: [string, unknown, string][] = [
    ['a record that is an array', [1, 2], 'record is not a JSON object (got array)'],
    ['a record that is a string', 'hello', 'record is not a JSON object (got string)'],
    ['a record that is null', null, 'record is not a JSON object (got null)'],
    ['no conversation fields', { id: 'x', text: 'hi' }, 'no "messages", "conversations" or prompt/response fields'],
    ['a prompt without a response', { prompt: 'q' }, '"prompt" has no response field (response, completion, output or answer)'],
    ['a response without a prompt', { output: 'a' }, '"output" has no prompt field (prompt, question, problem or instruction)'],
    ['no assistant turn', { messages: [user] }, 'no assistant turn'],
    ['only system and user turns', { messages: [{ role: 'system', content: 's' }, user] }, 'no assistant turn'],
    ['empty assistant content', { messages: [user, { role: 'assistant', content: '' }] }, 'message 2 (assistant) has empty content'],
    ['whitespace-only assistant content', { messages: [user, { role: 'assistant', content: ' \n\t' }] }, 'message 2 (assistant) has empty content'],
    ['empty user content', { messages: [{ role: 'user', content: '' }, assistant] }, 'message 1 (user) has empty content'],
    ['empty text blocks', { messages: [user, { role: 'assistant', content: [{ type: 'text', text: ' ' }] }] }, 'message 2 (assistant) has empty content'],
    [
      'an image content block',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }, assistant] },
      'message 1 (user) has a non-text content block (image_url)',
    ],
    ['a content block without a type', { messages: [{ role: 'user', content: [{ text: 'q' }] }, assistant] }, 'message 1 (user) has a content block without a "type"'],
    ['a content block that is a string', { messages: [{ role: 'user', content: ['q'] }, assistant] }, 'message 1 (user) has a content block that is not an object (got string)'],
    ['a text block without text', { messages: [user, { role: 'assistant', content: [{ type: 'text' }] }] }, 'message 2 (assistant) has a text block whose "text" is not a string'],
    ['content that is a number', { messages: [user, { role: 'assistant', content: 42 }] }, 'message 2 (assistant) content must be a string or a list of text blocks (got number)'],
    ['content that is an object', { messages: [user, { role: 'assistant', content: { text: 'a' } }] }, 'message 2 (assistant) content must be a string or a list of text blocks (got object)'],
    ['missing content', { messages: [user, { role: 'assistant' }] }, 'message 2 (assistant) has no content'],
    ['null content', { messages: [user, { role: 'assistant', content: null }] }, 'message 2 (assistant) has no content'],
    ['messages that is not an array', { messages: { role: 'user' } }, '"messages" must be an array (got object)'],
    ['messages that is a string', { messages: 'hi' }, '"messages" must be an array (got string)'],
    ['an empty messages array', { messages: [] }, '"messages" is empty'],
    ['a message that is not an object', { messages: [user, 'a'] }, 'message 2 is not an object (got string)'],
    ['a role that is not a string', { messages: [{ role: 1, content: 'q' }, assistant] }, 'message 1 has no string "role" (got number)'],
    ['a missing role', { messages: [user, { content: 'a' }] }, 'message 2 has no string "role" (got undefined)'],
    ['conversations that is not an array', { conversations: 'hi' }, '"conversations" must be an array (got string)'],
    ['an unknown ShareGPT speaker', { conversations: [{ from: 'human', value: 'q' }, { from: 'bing', value: 'a' }] }, 'message 2 has an unknown "from" (bing)'],
    ['a ShareGPT turn without from', { conversations: [{ value: 'q' }] }, 'message 1 has no string "from" (got undefined)'],
    ['an empty ShareGPT answer', { conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: '' }] }, 'message 2 (assistant) has empty content'],
    ['an empty answer field', { question: 'q', answer: '' }, '"answer" has empty content'],
    ['an empty prompt field', { prompt: '  ', response: 'a' }, '"prompt" has empty content'],
    ['a response that is a number', { prompt: 'q', response: 7 }, '"response" must be a string or a list of messages (got number)'],
    ['a system field that is not a string', { system: ['s'], prompt: 'q', response: 'a' }, '"system" must be a string (got array)'],
    ['an id that is a boolean', { id: true, messages: [user, assistant] }, '"id" must be a string or a number (got boolean)'],
    ['a teacher that is a number', { teacher: 3, messages: [user, assistant] }, '"teacher" must be a string (got number)'],
  ];

  it.each(cases)('reports %s', (_, record, reason) => {
    const text = `${chat('a')}\n${JSON.stringify(record)}\n${chat('c')}\n`;
    const { trajectories, errors } = parseText(text, 'teacher_x.jsonl');
    expect(errors).toEqual([{ file: 'teacher_x.jsonl', line: 2, reason }]);
    expect(trajectories.map((t) => [t.id, t.source.line])).toEqual([['a', 1], ['c', 3]]);
  });

  it('reports invalid JSON with the parser message', () => {
    const bad = '{"id": "b" "messages": []}';
    let message = '';
    try {
      JSON.parse(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    const { trajectories, errors } = parseText(`${chat('a')}\n${bad}\n${chat('c')}`, 't.jsonl');
    // The place is in the file's terms (column 12 of line 2), never the parser's own "line 1".
    expect(errors).toEqual([{ file: 't.jsonl', line: 2, reason: `invalid JSON at column 12: ${message.replace(/\s*in JSON at position \d+.*$/, '')}` }]);
    expect(trajectories.map((t) => t.id)).toEqual(['a', 'c']);
  });

  it('reports a line cut short (truncated download) as invalid JSON', () => {
    const { trajectories, errors } = parseText(`${chat('a')}\n${chat('b').slice(0, 30)}`, 't.jsonl');
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(2);
    expect(errors[0].reason).toMatch(/^invalid JSON\b/);
    expect(trajectories.map((t) => t.id)).toEqual(['a']);
  });

  it('shortens a very long parser message', () => {
    const { errors } = parseText(`{"id": "${'x'.repeat(5000)}" ]`, 't.jsonl');
    expect(errors[0].reason.length).toBeLessThanOrEqual('invalid JSON at column 99999: '.length + 201);
  });

  it('reports several bad records, each on its own line', () => {
    const text = ['{', chat('b'), '[]', '', chat('e'), '{"messages": []}'].join('\n');
    const { trajectories, errors } = parseText(text, 't.jsonl');
    expect(errors.map((e) => e.line)).toEqual([1, 3, 6]);
    expect(trajectories.map((t) => [t.id, t.source.line])).toEqual([['b', 2], ['e', 5]]);
  });
});

describe('parseText: record forms', () => {
  it('reads chat messages with string content, any role kept as written', () => {
    const record = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages).toEqual(record.messages);
  });

  it('concatenates text content blocks with nothing in between', () => {
    const record = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is ' }, { type: 'text', text: '2+2?' }] },
        { role: 'assistant', content: [{ type: 'text', text: '4' }] },
      ],
    };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages).toEqual([
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '4' },
    ]);
  });

  it('keeps an empty system message (only user and assistant content must be non-empty)', () => {
    const record = { messages: [{ role: 'system', content: '' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages[0]).toEqual({ role: 'system', content: '' });
  });

  it('maps ShareGPT speakers to roles (human/user → user, gpt/assistant/model → assistant, system)', () => {
    const record = {
      conversations: [
        { from: 'system', value: 's' },
        { from: 'human', value: 'q1' },
        { from: 'gpt', value: 'a1' },
        { from: 'user', value: 'q2' },
        { from: 'assistant', value: 'a2' },
        { from: 'user', value: 'q3' },
        { from: 'model', value: 'a3' },
      ],
    };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages.map((m) => `${m.role}:${m.content}`)).toEqual([
      'system:s', 'user:q1', 'assistant:a1', 'user:q2', 'assistant:a2', 'user:q3', 'assistant:a3',
    ]);
  });

  it('puts a top-level ShareGPT system field first', () => {
    const record = { system: 's', conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }] };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  });

  const promptKeys = ['prompt', 'question', 'problem', 'instruction'];
  const responseKeys = ['response', 'completion', 'output', 'answer'];
  const pairs = promptKeys.flatMap((p) => responseKeys.map((r) => [p, r]));
  it.each(pairs)('reads a %s/%s pair as [user, assistant]', (promptKey, responseKey) => {
    const { trajectories, errors } = parseText(JSON.stringify({ [promptKey]: 'Q', [responseKey]: 'A' }), 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories[0].messages).toEqual([{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }]);
  });

  it('prefers messages over conversations over a prompt/response pair', () => {
    const messages = [{ role: 'user', content: 'm' }, { role: 'assistant', content: 'M' }];
    const record = { messages, conversations: [{ from: 'human', value: 'c' }, { from: 'gpt', value: 'C' }], prompt: 'p', response: 'P' };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages).toEqual(messages);
  });

  it('takes the first prompt and response keys in the documented order', () => {
    const record = { question: 'Q', prompt: 'P', answer: '42', response: 'R' };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages.map((m) => m.content)).toEqual(['P', 'R']);
  });

  it('puts a system field first in a prompt/response pair', () => {
    const { trajectories } = parseText(JSON.stringify({ system: 'S', prompt: 'Q', response: 'A' }), 't.jsonl');
    expect(trajectories[0].messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A' },
    ]);
  });

  it('appends an Alpaca input to its instruction', () => {
    const { trajectories } = parseText(JSON.stringify({ instruction: 'Translate.', input: 'Bonjour', output: 'Hello' }), 't.jsonl');
    expect(trajectories[0].messages[0]).toEqual({ role: 'user', content: 'Translate.\n\nBonjour' });
  });

  it('reads prompt/completion message lists (TRL conversational form)', () => {
    const record = { prompt: [{ role: 'user', content: 'Q' }], completion: [{ role: 'assistant', content: 'A' }] };
    expect(parseText(JSON.stringify(record), 't.jsonl').trajectories[0].messages).toEqual([...record.prompt, ...record.completion]);
  });

  it('numbers messages across prompt and completion lists in reasons', () => {
    const record = { prompt: [{ role: 'user', content: 'Q' }], completion: [{ role: 'assistant', content: '' }] };
    expect(parseText(JSON.stringify(record), 't.jsonl').errors[0].reason).toBe('"completion" message 2 (assistant) has empty content');
  });
});

describe('parseText: ids and teachers', () => {
  const messages = [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }];
  const line = (fields: object) => JSON.stringify({ ...fields, messages });

  it('takes id, else _id, else the line number, numbers as strings', () => {
    const text = [line({ id: 'x', _id: 'y' }), line({ _id: 'y' }), line({ id: 7 }), '', line({}), line({ _id: { $oid: '64ab' } }), line({ id: null, _id: 3.5 })].join('\n');
    expect(ids(text)).toEqual(['x', 'y', '7', '5', '64ab', '3.5']);
  });

  it('keeps records that share an id (several samples per problem)', () => {
    const { trajectories, errors } = parseText([line({ id: 'p1' }), line({ id: 'p1' })].join('\n'), 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories.map((t) => [t.id, t.source.line])).toEqual([['p1', 1], ['p1', 2]]);
  });

  it('takes the teacher field over the file name', () => {
    expect(parseText(line({ teacher: 'gpt-x' }), 'teacher_a.jsonl').trajectories[0].teacher).toBe('gpt-x');
  });

  it.each([
    ['teacher_noise.jsonl', 'teacher_noise'],
    ['runs/2026/teacher_noise.jsonl', 'teacher_noise'],
    ['C:\\data\\qwen.json', 'qwen'],
    ['model.v2.txt', 'model.v2'],
    ['noext', 'noext'],
  ])('names the teacher of %s after its file: %s', (file, teacher) => {
    expect(parseText(line({}), file).trajectories[0].teacher).toBe(teacher);
  });

  it('records the file name without its directory in sources and errors', () => {
    const { trajectories, errors } = parseText(`${line({})}\n{`, 'runs/teacher_a.jsonl');
    expect(trajectories[0].source.file).toBe('teacher_a.jsonl');
    expect(errors[0].file).toBe('teacher_a.jsonl');
  });
});

describe('parseText: JSONL layout', () => {
  it('ignores a UTF-8 BOM', () => {
    const { trajectories, errors } = parseText(`\uFEFF${chat('a')}\n${chat('b')}\n`, 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories[0].source.raw).toBe(chat('a'));
  });

  it('reads CRLF line ends and keeps raw without the \\r', () => {
    const { trajectories, errors } = parseText(`${chat('a')}\r\n${chat('b')}\r\n`, 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories.map((t) => t.source.raw)).toEqual([chat('a'), chat('b')]);
  });

  it('skips blank and whitespace-only lines but counts them', () => {
    const { trajectories, errors } = parseText(`\n${chat('a')}\n\n  \t\n\r\n${chat('b')}\n\n`, 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories.map((t) => t.source.line)).toEqual([2, 6]);
  });

  it('reads a last line without a final newline', () => {
    expect(ids(`${chat('a')}\n${chat('b')}`)).toEqual(['a', 'b']);
  });

  it('keeps raw byte-for-byte, leading spaces and unusual escapes included', () => {
    const raw = '  {"id":"a", "messages":[{"role":"user","content":"caf\\u00e9 \\"q\\""},{"role":"assistant","content":"é 🙂"}]}  ';
    const { trajectories } = parseText(`${raw}\n`, 't.jsonl');
    expect(trajectories[0].source.raw).toBe(raw);
    expect(trajectories[0].messages[0].content).toBe('café "q"');
  });

  it('returns nothing for empty or whitespace-only input', () => {
    expect(parseText('', 't.jsonl')).toEqual({ trajectories: [], errors: [] });
    expect(parseText('\uFEFF \n\r\n\n', 't.jsonl')).toEqual({ trajectories: [], errors: [] });
  });
});

describe('parseText: JSON array input', () => {
  const a = { id: 'a', messages: [{ role: 'user', content: 'q [1]' }, { role: 'assistant', content: 'a {"x"}, \\ "]"' }] };
  const b = { conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }] };

  it('detects an array by its first character and numbers each record by its first line', () => {
    const text = `\uFEFF\n  [\n${JSON.stringify(a, null, 2)},\n\n${JSON.stringify(b, null, 2)}\n]\n`;
    const { trajectories, errors } = parseText(text, 'set.json');
    expect(errors).toEqual([]);
    const bLine = 3 + JSON.stringify(a, null, 2).split('\n').length + 1;
    expect(trajectories.map((t) => [t.id, t.source.line])).toEqual([['a', 3], [String(bLine), bLine]]);
    expect(trajectories[0].messages).toEqual(a.messages);
  });

  it('keeps each element exact as raw, without the separators around it', () => {
    const text = `[ ${JSON.stringify(a, null, 1)} ,\t${JSON.stringify(b)}\r\n]`;
    const { trajectories } = parseText(text, 'set.json');
    expect(trajectories.map((t) => t.source.raw)).toEqual([JSON.stringify(a, null, 1), JSON.stringify(b)]);
  });

  it('reports a bad element on its own line and loads the others', () => {
    const text = `[\n${JSON.stringify(a)},\n{"id": "x", "messages": [}],\n"text",\n${JSON.stringify(b)}\n]`;
    const { trajectories, errors } = parseText(text, 'set.json');
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0].reason).toMatch(/^invalid JSON\b/);
    expect(errors[1].reason).toBe('record is not a JSON object (got string)');
    expect(trajectories.map((t) => t.source.line)).toEqual([2, 5]);
  });

  it('counts a raw newline inside a string (invalid JSON) as a line', () => {
    const { trajectories, errors } = parseText(`[{"id": "a\n b"},\n${JSON.stringify(b)}]`, 'set.json');
    expect(errors.map((e) => e.line)).toEqual([1]);
    expect(trajectories.map((t) => t.source.line)).toEqual([3]);
  });

  it('reads an empty array as nothing', () => {
    expect(parseText(' [ \n ] \n', 'set.json')).toEqual({ trajectories: [], errors: [] });
  });

  it('reports a trailing comma and an empty element', () => {
    const { trajectories, errors } = parseText(`[\n${JSON.stringify(a)},\n,\n${JSON.stringify(b)},\n]`, 'set.json');
    expect(errors).toEqual([
      { file: 'set.json', line: 3, reason: 'empty element in JSON array (two commas in a row?)' },
      { file: 'set.json', line: 5, reason: 'trailing comma in JSON array' },
    ]);
    expect(trajectories).toHaveLength(2);
  });

  it('reports an array that is not closed and keeps its records', () => {
    const { trajectories, errors } = parseText(`\n[${JSON.stringify(a)},\n${JSON.stringify(b)}\n`, 'set.json');
    expect(errors).toEqual([{ file: 'set.json', line: 2, reason: 'JSON array is not closed (no "]" at the end)' }]);
    expect(trajectories).toHaveLength(2);
  });

  it('reports text after the closing bracket once', () => {
    const { trajectories, errors } = parseText(`[${JSON.stringify(a)}]\n\n[${JSON.stringify(b)}]\n[]`, 'set.json');
    expect(errors).toEqual([{ file: 'set.json', line: 3, reason: 'unexpected text after the end of the JSON array' }]);
    expect(trajectories).toHaveLength(1);
  });
});

describe('parseInput: streaming', () => {
  const tricky = [
    chat('α', 'Ünïcödé — 数学の問題 🧮?', 'Réponse: 42 ✔️ 🙂'),
    '',
    '{"id": "bad", ',
    chat('β', 'CRLF line', 'ok'),
  ].join('\r\n') + '\n' + chat('γ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'end without newline');
  const array = `\uFEFF[\n${chat('α', '数学 🧮', '✔️')},\n  ${chat('β', 'x', '𝔘 \\ "]}," \\" \n\\n')} ,\n"oops"\n]`;

  it.each([
    ['JSONL', tricky],
    ['a JSON array', array],
  ])('gives the same result for %s in 7-byte and 1-byte chunks as in one piece', async (_, text) => {
    const whole = parseText(text, 't.jsonl');
    expect(whole.trajectories.length).toBeGreaterThan(1);
    expect(whole.errors.length).toBeGreaterThan(0);
    expect(await parseAll(byteChunks(text, 1 << 20), 't.jsonl')).toEqual(whole);
    expect(await parseAll(byteChunks(text, 7), 't.jsonl')).toEqual(whole);
    expect(await parseAll(byteChunks(text, 1), 't.jsonl')).toEqual(whole);
  });

  it('gives the same result for text chunks that split CRLF, the BOM and records', async () => {
    const text = `\uFEFF${chat('a')}\r\n${chat('b')}\r\n`;
    const cut = [text.slice(0, 1), text.slice(1, chat('a').length + 2), text.slice(chat('a').length + 2, chat('a').length + 3), text.slice(chat('a').length + 3)];
    expect(cut.join('')).toBe(text);
    expect(await parseAll(textChunks(cut), 't.jsonl')).toEqual(parseText(text, 't.jsonl'));
  });

  it('yields trajectories and errors in input order', async () => {
    const out = await items(byteChunks(`${chat('a')}\n{\n${chat('c')}`, 5), 't.jsonl');
    expect(out.map((item) => (item.kind === 'trajectory' ? item.trajectory.id : `error@${item.error.line}`))).toEqual(['a', 'error@2', 'c']);
  });

  it('reliability: reports a record with invalid UTF-8 instead of loading it with its bytes replaced, and loads the rest', async () => {
    const head = encoder.encode(`${chat('ok-1')}\n{"id":"caf`);
    const tail = encoder.encode(`","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}\n${chat('ok-3')}\n`);
    async function* chunks() {
      yield head;
      // Latin-1 "é" (0xE9) followed by an ASCII quote: not UTF-8, and split from its line across chunks.
      yield new Uint8Array([0xe9]);
      yield tail;
    }
    const { trajectories, errors } = await parseAll(chunks(), 't.jsonl');
    expect(trajectories.map((t) => t.id)).toEqual(['ok-1', 'ok-3']);
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(2);
    expect(errors[0].reason).toMatch(/^invalid UTF-8: byte 0xE9 at line 2, byte 11; not loaded/);
  });

  it('reliability: rejects overlong forms, surrogates and a character cut off at the end, as the UTF-8 standard does', async () => {
    const bad = [
      [0xc0, 0xaf], // overlong "/"
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    ];
    for (const bytes of bad) {
      const line = new Uint8Array([...encoder.encode('{"id":"'), ...bytes, ...encoder.encode(`","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}`)]);
      const { errors } = await parseAll((async function* () { yield line; })(), 't.jsonl');
      expect(errors, bytes.join(' ')).toHaveLength(1);
      expect(errors[0].reason).toMatch(new RegExp(`^invalid UTF-8: byte 0x${bytes[0].toString(16).toUpperCase()} at line 1, byte 8;`));
    }
    const cut = new Uint8Array([...encoder.encode(chat('a')), 0x0a, ...encoder.encode('{"id": "x'), 0xe2, 0x82]);
    const { trajectories, errors } = await parseAll((async function* () { yield cut; })(), 't.jsonl');
    expect(trajectories.map((t) => t.id)).toEqual(['a']);
    expect(errors[0].reason).toContain('a character cut off at the end of the file (line 2');
    const fine = await parseAll(byteChunks(`${chat('ünï', 'çödé ✓ 𝒜 🫠')}\n`, 1), 't.jsonl');
    expect(fine.errors).toEqual([]);
  });

  it('parses a 20 MB input generated in chunks', async () => {
    const answer = 'Let me think step by step. '.repeat(40);
    const n = 20_000;
    async function* generate() {
      for (let i = 0; i < n; i += 100) {
        let block = '';
        for (let j = i; j < i + 100; j++) block += `${chat(`r${j}`, `Problem ${j}: ünïcode ✓`, answer)}\n`;
        yield encoder.encode(block);
      }
    }
    const started = performance.now();
    let count = 0;
    let lastLine = 0;
    for await (const item of parseInput(generate(), 'big.jsonl')) {
      if (item.kind !== 'trajectory') throw new Error(item.error.reason);
      count++;
      lastLine = item.trajectory.source.line;
    }
    expect(count).toBe(n);
    expect(lastLine).toBe(n);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('splits a 20 MB JSON array in 64 KiB chunks', async () => {
    const answer = 'Wait, let me double-check: {[("\\")]}. '.repeat(40);
    const n = 20_000;
    const text = `[\n${Array.from({ length: n }, (_, i) => chat(`r${i}`, 'q', answer)).join(',\n')}\n]\n`;
    expect(text.length).toBeGreaterThan(20e6);
    const { trajectories, errors } = await parseAll(byteChunks(text, 65536), 'big.json');
    expect(errors).toEqual([]);
    expect(trajectories).toHaveLength(n);
    expect(trajectories[n - 1].source.line).toBe(n + 1);
    expect(trajectories[n - 1].messages[1].content).toBe(answer);
  });
});

describe('parseInput: shared data files', () => {
  it.each([
    ['public/samples/teacher_noise.jsonl', /^p7-\d+$/],
    ['fixtures/realdata/teacher_sky-t1-math-reflection-0.2-32b.jsonl', /./],
  ])('reads %s without errors, and raw + "\\n" reproduces the file', async (path, idPattern) => {
    const { trajectories, errors } = await parseAll(createReadStream(path, { highWaterMark: 4096 }), path);
    expect(errors).toEqual([]);
    expect(trajectories).toHaveLength(60);
    expect(trajectories.every((t) => idPattern.test(t.id) && t.messages.some((m) => m.role === 'assistant'))).toBe(true);
    expect(trajectories.map((t) => `${t.source.raw}\n`).join('')).toBe(readFileSync(path, 'utf8'));
  });
});

describe('parseText: tool and function turns', () => {
  const user = { role: 'user', content: 'What is the weather in Paris?' };
  it('keeps OpenAI tool results as context (role tool, legacy function → tool) and an assistant’s tool_calls for the template', () => {
    const call = { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };
    const record = {
      messages: [
        user,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'c1', content: { temp: 21 } },
        { role: 'function', name: 'weather', content: 'sunny' },
        { role: 'assistant', content: 'It is 21 °C and sunny.' },
      ],
    };
    const { trajectories, errors } = parseText(JSON.stringify(record), 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories[0].messages).toEqual([
      user,
      { role: 'assistant', content: '', tool_calls: [call] },
      { role: 'tool', content: '{"temp":21}' },
      { role: 'tool', content: 'sunny' },
      { role: 'assistant', content: 'It is 21 °C and sunny.' },
    ]);
  });

  it('reads ShareGPT observation as a tool result and function_call as the assistant’s tool call', () => {
    const record = {
      conversations: [
        { from: 'human', value: user.content },
        { from: 'function_call', value: '{"name": "weather", "arguments": {"city": "Paris"}}' },
        { from: 'observation', value: '{"temp": 21}' },
        { from: 'gpt', value: 'It is 21 °C.' },
      ],
    };
    const { trajectories, errors } = parseText(JSON.stringify(record), 't.jsonl');
    expect(errors).toEqual([]);
    expect(trajectories[0].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(trajectories[0].messages[1].tool_calls).toEqual([{ type: 'function', function: { name: 'weather', arguments: { city: 'Paris' } } }]);
    const bad = parseText(JSON.stringify({ conversations: [{ from: 'human', value: 'q' }, { from: 'function_call', value: 'call it' }] }), 't.jsonl');
    expect(bad.errors[0].reason).toBe('message 2 (function_call) is not JSON {"name", "arguments"}');
  });
});

describe('parseText: --map', () => {
  it('reads another schema through a field map, and names a mapped field a record lacks', () => {
    const lines = [
      JSON.stringify({ uid: 'u1', question: 'q1', teacher_output: 'a1', model: 'm', messages: 'ignored' }),
      JSON.stringify({ uid: 'u2', question: 'q2' }),
    ].join('\n');
    const { trajectories, errors } = parseText(lines, 't.jsonl', { fieldMap: parseFieldMap('prompt=question,response=teacher_output,id=uid,teacher=model') });
    expect(trajectories.map((t) => [t.id, t.teacher, t.messages])).toEqual([['u1', 'm', [{ role: 'user', content: 'q1' }, { role: 'assistant', content: 'a1' }]]]);
    expect(errors).toEqual([{ file: 't.jsonl', line: 2, reason: 'no "teacher_output" field (mapped to response)' }]);
  });

  it('parseFieldMap(spec) rejects unknown fields, missing "=" and repeats', () => {
    expect(parseFieldMap(' prompt = q , response=a ')).toEqual({ prompt: 'q', response: 'a' });
    expect(() => parseFieldMap('answer=x')).toThrow('"answer" is not one of id, teacher, prompt, response, system, messages, conversations');
    expect(() => parseFieldMap('prompt')).toThrow('"prompt" is not FIELD=THEIR_FIELD');
    expect(() => parseFieldMap('id=a,id=b')).toThrow('"id" is mapped twice');
  });
});
