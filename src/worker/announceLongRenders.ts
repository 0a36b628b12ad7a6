import type { StudentTokenizer } from '../core/tokenize/studentTokenizer';

/**
 * From this many characters on, a conversation's tokenization is announced. Measured on this
 * project's 2-core machine: the bundled Qwen tokenizer takes about 2 s per million characters in
 * Node, so below this it is a few hundred ms, well inside the watchdog's bound.
 */
export const LONG_RENDER_CHARS = 200_000;

/**
 * The same tokenizer, which calls `onLong(chars)` before it renders a conversation of at least
 * LONG_RENDER_CHARS characters. Rendering is the first step of tokenizing (tokenizeTrajectory:
 * render → encode → offsets), all of it one synchronous stretch: the announcement is the last
 * word the page hears until it ends.
 */
export function announceLongRenders(tokenizer: StudentTokenizer, onLong: (chars: number) => void): StudentTokenizer {
  return {
    ...tokenizer,
    render: (messages, addGenerationPrompt) => {
      const chars = messages.reduce((n, m) => n + m.content.length, 0);
      if (chars >= LONG_RENDER_CHARS) onLong(chars);
      return tokenizer.render(messages, addGenerationPrompt);
    },
  };
}
