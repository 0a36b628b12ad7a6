/** One run of display text: literal characters, or whitespace replaced by visible glyphs. */
export interface GlyphRun {
  text: string;
  /** True when `text` is glyphs standing for whitespace (rendered muted). */
  isWhitespace: boolean;
}

/**
 * Whitespace is part of what the student predicts (" the" and "the" are different tokens), so the
 * heatmap shows it: `·` space, `↵` newline, `→` tab (DESIGN.md, tooltips), plus `␍` for a carriage
 * return and `⍽` for a no-break space, which would otherwise look like an ordinary space.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  ' ': '·',
  '\n': '↵',
  '\t': '→',
  '\r': '␍',
  '\u00a0': '⍽',
};

/**
 * Splits `s` into runs of ordinary text and runs of whitespace glyphs, in order; joining the runs'
 * text gives `s` with every whitespace character replaced by its glyph (one glyph per character,
 * so lengths match). The empty string gives no runs.
 */
export function whitespaceGlyphs(s: string): GlyphRun[] {
  const runs: GlyphRun[] = [];
  let start = 0;
  let glyphs = '';
  for (let i = 0; i < s.length; i++) {
    const g = GLYPHS[s[i]];
    if (g === undefined) {
      if (glyphs) {
        runs.push({ text: glyphs, isWhitespace: true });
        glyphs = '';
        start = i;
      }
      continue;
    }
    if (!glyphs && i > start) runs.push({ text: s.slice(start, i), isWhitespace: false });
    glyphs += g;
  }
  if (glyphs) runs.push({ text: glyphs, isWhitespace: true });
  else if (start < s.length) runs.push({ text: s.slice(start), isWhitespace: false });
  return runs;
}
