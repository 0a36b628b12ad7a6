import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Message, TokenizedTrajectory } from '../types';
import { resolveMarkers } from './responseMarkers';
import { createStudentTokenizer } from './studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from './tokenizeTrajectory';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const tok = createStudentTokenizer({ tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') });
const ctx = tokenizeContext(tok, resolveMarkers('qwen', tok));
const ctxAuto = tokenizeContext(tok, resolveMarkers('auto', tok));

const FIXTURES = new URL('../../../fixtures/', import.meta.url);
const jsonl = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; teacher: string; messages: Message[] });

const fatal = new TextDecoder('utf-8', { fatal: true });
const isTail = (b: number) => (b & 0xc0) === 0x80;

/**
 * What a correct result is, independently of how it was computed:
 * - the text is the rendered conversation, and the token slices concatenate to it;
 * - offsets have T + 1 entries, run from 0 to text.length and never decrease;
 * - a token whose bytes are whole characters covers exactly their text;
 * - a token of partial characters covers nothing iff it holds no lead byte (only tails).
 * Returns the number of tail-only tokens seen. Failures name the first bad token, not a 100 kB diff.
 */
function checkRoundTrip(t: TokenizedTrajectory, rendered: string, label: string): { tailOnly: number } {
  const { text, offsets, inputIds } = t;
  const T = inputIds.length;
  expect(offsets, label).toHaveLength(T + 1);
  expect(offsets[0], label).toBe(0);
  expect(offsets[T], label).toBe(text.length);
  const slices: string[] = [];
  let tailOnly = 0;
  for (let i = 0; i < T; i++) {
    if (offsets[i + 1] < offsets[i]) expect.fail(`${label}: offsets decrease at token ${i}: ${offsets[i]} → ${offsets[i + 1]}`);
    const slice = text.slice(offsets[i], offsets[i + 1]);
    slices.push(slice);
    const bytes = tok.tokenBytes(inputIds[i]);
    let whole: string | undefined;
    try {
      whole = fatal.decode(bytes);
    } catch {
      whole = undefined;
    }
    if (whole !== undefined) {
      if (slice !== whole) expect.fail(`${label}: token ${i} (id ${inputIds[i]}) covers ${JSON.stringify(slice)}, its bytes are ${JSON.stringify(whole)}`);
    } else {
      const tailsOnly = bytes.every(isTail);
      if (tailsOnly) tailOnly++;
      if ((slice === '') !== tailsOnly) expect.fail(`${label}: partial token ${i} (id ${inputIds[i]}) covers ${JSON.stringify(slice)}`);
    }
  }
  const joined = slices.join('');
  if (joined !== rendered) {
    let at = 0;
    while (at < joined.length && joined[at] === rendered[at]) at++;
    expect.fail(`${label}: tokens differ from the rendered text at ${at}: ${JSON.stringify(joined.slice(at - 20, at + 20))} vs ${JSON.stringify(rendered.slice(at - 20, at + 20))}`);
  }
  expect(text, label).toBe(rendered);
  return { tailOnly };
}

describe('tokenizeTrajectory: tokens map back to the rendered text', () => {
  const realdata = new URL('realdata/', FIXTURES);
  const files = readdirSync(realdata).filter((f) => f.endsWith('.jsonl'));

  it('realdata holds both teacher files (120 records)', () => {
    expect(files).toHaveLength(2);
  });

  it.each(files)('every record of realdata/%s round-trips: token slices concatenate to tok.render(messages)', (file) => {
    const records = jsonl(readFileSync(new URL(file, realdata), 'utf8'));
    expect(records).toHaveLength(60);
    for (const r of records) {
      const t = tokenizeTrajectory(ctx, r.messages);
      checkRoundTrip(t, tok.render(r.messages), `${file} ${r.id}`);
      expect(t.truncated).toBe(false);
      expect(t.fullLength).toBe(t.inputIds.length);
      expect(t.respPositions.length, r.id).toBeGreaterThan(0);
    }
  });

  it('emoji, ZWJ sequences, CJK, math letters and combining accents round-trip, tail-only tokens covering nothing', () => {
    const messages = [
      { role: 'user', content: 'Thumbs 👍🏽, family 👨\u200d👩\u200d👧, astronaut 🧑🏽\u200d🚀, melting 🫠' },
      { role: 'assistant', content: '<think>\nCJK 龘 中文 𠀀, math 𝑥 + 𝑦 = 𝒜 ∑, accent x\u0301 ǹ\n</think>\n\n龘 𝒜 🫠 👨\u200d👩\u200d👧' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    const { tailOnly } = checkRoundTrip(t, tok.render(messages), 'unicode');
    // The tokenizer does split these characters (ZWJ as E2 80 | 8D, 🫠 as F0 9F | AB | A0, …).
    expect(tailOnly).toBeGreaterThanOrEqual(10);
  });

  it('a character split over three tokens is covered by the token holding its lead byte', () => {
    const messages = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '🫠' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    const melt = tok.encode('🫠');
    const at = t.inputIds.findIndex((_, i) => melt.every((id, k) => t.inputIds[i + k] === id));
    expect(at).toBeGreaterThan(0);
    const slices = melt.map((_, k) => t.text.slice(t.offsets[at + k], t.offsets[at + k + 1]));
    expect(slices).toEqual(['🫠', '', '']);
  });

  it('a decomposed accent comes back composed: the Qwen tokenizer normalizes to NFC, so text is the NFC rendering', () => {
    const messages = [
      { role: 'user', content: 'cafe\u0301' },
      { role: 'assistant', content: 'e\u0301' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    checkRoundTrip(t, tok.render(messages).normalize('NFC'), 'nfc');
    expect(t.text).not.toBe(tok.render(messages));
  });

  it('the response tokens cover exactly the assistant text of the rendering, both turns of a multi-turn conversation', () => {
    const messages = [
      { role: 'system', content: 'S' },
      { role: 'user', content: 'A?' },
      { role: 'assistant', content: 'First 👍🏽 answer.' },
      { role: 'user', content: 'B?' },
      { role: 'assistant', content: 'Second 龘 answer.' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    const covered = t.respPositions.map((p) => t.text.slice(t.offsets[p], t.offsets[p + 1])).join('');
    expect(covered).toBe('First 👍🏽 answer.' + '<think>\n\n</think>\n\nSecond 龘 answer.');
  });

  it('tokens the Qwen3 template inserted (the empty think block of the last turn) are scored and listed in templatePositions', () => {
    const messages = [
      { role: 'user', content: 'A?' },
      { role: 'assistant', content: 'First.' },
      { role: 'user', content: 'B?' },
      { role: 'assistant', content: 'Second.' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    const textOf = (ps: number[]) => ps.map((p) => t.text.slice(t.offsets[p], t.offsets[p + 1])).join('');
    expect(textOf(t.templatePositions!)).toBe('<think>\n\n</think>\n\n');
    expect(t.templatePositions!.every((p) => t.respPositions.includes(p))).toBe(true);
  });

  it('a trajectory that writes its own think block has no template positions', () => {
    const t = tokenizeTrajectory(ctx, [
      { role: 'user', content: 'A?' },
      { role: 'assistant', content: '<think>\nhm\n</think>\n\nYes.' },
    ]);
    expect(t.templatePositions).toEqual([]);
  });
});

describe('tokenizeTrajectory: maxTokens truncation', () => {
  const messages = [
    { role: 'user', content: 'A shop sells coins for $14 each. How much are 3 coins?' },
    { role: 'assistant', content: '<think>\n3 * 14 = 42.\n</think>\n\nThe answer is \\boxed{42}.' },
  ];
  const full = tokenizeTrajectory(ctx, messages);
  const firstResp = full.respPositions[0];
  const T = full.inputIds.length;

  it('maxTokens 0, ≥ the length, or exactly the length keeps everything: truncated false', () => {
    for (const maxTokens of [0, T, T + 100]) {
      const t = tokenizeTrajectory(ctx, messages, maxTokens);
      expect(t, String(maxTokens)).toEqual(full);
      expect(t.truncated).toBe(false);
      expect(t.fullLength).toBe(T);
    }
  });

  it('maxTokens inside the response keeps the first tokens, sets truncated and fullLength, and the span runs to the end', () => {
    const maxTokens = firstResp + 5;
    const t = tokenizeTrajectory(ctx, messages, maxTokens);
    expect(t.truncated).toBe(true);
    expect(t.fullLength).toBe(T);
    expect(t.inputIds).toEqual(full.inputIds.slice(0, maxTokens));
    expect(t.respPositions).toEqual([firstResp, firstResp + 1, firstResp + 2, firstResp + 3, firstResp + 4]);
    expect(t.offsets).toHaveLength(maxTokens + 1);
    expect(t.offsets).toEqual(full.offsets.slice(0, maxTokens + 1));
    expect(t.text).toBe(full.text.slice(0, full.offsets[maxTokens]));
  });

  it('maxTokens that leaves the assistant header as the last tokens gives no response positions', () => {
    const t = tokenizeTrajectory(ctx, messages, firstResp);
    expect(t.truncated).toBe(true);
    expect(t.respPositions).toEqual([]);
    expect(tok.render(messages).slice(0, t.text.length)).toBe(t.text);
    expect(t.text.endsWith('<|im_start|>assistant\n')).toBe(true);
  });

  it('maxTokens that cuts a character in two leaves one U+FFFD per dangling byte and offsets still T + 1, monotone', () => {
    const m = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'x🫠' },
    ];
    const whole = tokenizeTrajectory(ctx, m);
    const lead = whole.inputIds.indexOf(tok.encode('🫠')[0]);
    const t = tokenizeTrajectory(ctx, m, lead + 1); // keep F0 9F only
    expect(t.text).toBe(whole.text.slice(0, whole.offsets[lead]) + '\ufffd\ufffd');
    expect(t.offsets).toHaveLength(lead + 2);
    expect(t.offsets.at(-1)).toBe(t.text.length);
    expect(t.respPositions.at(-1)).toBe(lead);
  });
});

describe('tokenizeTrajectory: token ids and response positions equal the reference (rsr_cal.py)', () => {
  type Sample = { teacher: string; id: string; input_ids: number[]; resp_token_positions: number[] };

  function expectParity(samples: Sample[], trajectories: ReturnType<typeof jsonl>) {
    expect(trajectories).toHaveLength(samples.length);
    samples.forEach((ref, i) => {
      const traj = trajectories[i];
      expect(traj.id).toBe(ref.id);
      for (const [mode, c] of [
        ['qwen', ctx],
        ['auto', ctxAuto],
      ] as const) {
        const t = tokenizeTrajectory(c, traj.messages);
        const label = `${ref.teacher}/${ref.id} (${mode})`;
        // Compare as strings: a mismatch in 30k ids should print one line, not a 30k-line diff.
        expect(t.inputIds.length, label).toBe(ref.input_ids.length);
        expect(t.inputIds.join(','), label).toBe(ref.input_ids.join(','));
        expect(t.respPositions.join(','), label).toBe(ref.resp_token_positions.join(','));
      }
    });
  }

  it('every sample of fixtures/parity, with the qwen preset and with auto markers', () => {
    const dir = new URL('parity/', FIXTURES);
    const reference = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as { samples: Sample[] };
    const trajectories = jsonl(readFileSync(new URL('trajectories.jsonl', dir), 'utf8'));
    trajectories.forEach((t, i) => expect(t.teacher, t.id).toBe(reference.samples[i].teacher));
    // The multi-turn sample has two assistant turns: both spans must be found.
    expect(trajectories.some((t) => t.messages.filter((m) => m.role === 'assistant').length === 2)).toBe(true);
    expectParity(reference.samples, trajectories);
  });

  it('both long samples of fixtures/parity-long, including the thought that ends in "\\] \\n" before </think>', () => {
    const dir = new URL('parity-long/', FIXTURES);
    const reference = JSON.parse(gunzipSync(readFileSync(new URL('reference.json.gz', dir))).toString('utf8')) as { samples: Sample[] };
    const trajectories = jsonl(readFileSync(new URL('trajectories.jsonl', dir), 'utf8'));
    expect(reference.samples).toHaveLength(2);
    // The case chatTemplate.ts exists for: Python keeps the space of "\] \n" before </think>.
    const tricky = trajectories.find((t) => t.messages.at(-1)!.content.includes('\\] \n</think>'));
    expect(tricky).toBeDefined();
    expect(tok.render(tricky!.messages)).toContain('\\] \n</think>');
    expectParity(reference.samples, trajectories);
  });
});
