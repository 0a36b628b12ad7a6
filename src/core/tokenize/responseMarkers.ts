import type { StudentTokenizer } from './studentTokenizer';

/** The text around every assistant turn: scored tokens lie strictly between `header` and `end`. */
export interface ResponseMarkers {
  header: string;
  end: string;
}

/** The reference implementation's markers (rsr_cal.py) for the chat formats it knows. */
export const MARKER_PRESETS = {
  qwen: { header: '<|im_start|>assistant\n', end: '<|im_end|>' },
  llama3: { header: '<|start_header_id|>assistant<|end_header_id|>\n\n', end: '<|eot_id|>' },
} as const satisfies Record<string, ResponseMarkers>;

/** Which markers to use: a preset, or 'auto' to derive them from the chat template. */
export type TemplateMode = keyof typeof MARKER_PRESETS | 'auto';

/** Every template mode, 'auto' first: what the app offers and the CLI accepts. */
export const TEMPLATE_MODES: readonly TemplateMode[] = ['auto', ...(Object.keys(MARKER_PRESETS) as (keyof typeof MARKER_PRESETS)[])];

const PROBE_USER = 'RSR-LENS-PROBE-QUESTION';
const PROBE_ANSWER = 'RSR-LENS-PROBE-ANSWER';

/**
 * Derive the markers from the template itself, for models we have no preset for:
 * the header is what `add_generation_prompt` appends after a user turn, and the end marker is the
 * first token the template writes after an assistant's content.
 */
export function deriveMarkers(tok: StudentTokenizer): ResponseMarkers {
  const user = [{ role: 'user', content: PROBE_USER }];
  const prompt = tok.render(user, false);
  const withHeader = tok.render(user, true);
  if (!withHeader.startsWith(prompt) || withHeader.length === prompt.length) {
    throw new Error('cannot derive the assistant header: the chat template ignores add_generation_prompt');
  }
  const header = withHeader.slice(prompt.length);
  const full = tok.render([...user, { role: 'assistant', content: PROBE_ANSWER }], false);
  const after = full.indexOf(PROBE_ANSWER);
  if (after < 0) throw new Error('cannot derive the end marker: the probe answer is not in the rendered template');
  const tail = full.slice(after + PROBE_ANSWER.length);
  const firstId = tok.encode(tail)[0];
  if (firstId === undefined) throw new Error('cannot derive the end marker: the template writes nothing after an answer');
  const end = new TextDecoder().decode(tok.tokenBytes(firstId));
  return { header, end };
}

export function resolveMarkers(mode: TemplateMode, tok: StudentTokenizer): ResponseMarkers {
  return mode === 'auto' ? deriveMarkers(tok) : MARKER_PRESETS[mode];
}
