import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fakeScoredTrajectory } from './fakeScoredTrajectory.fixture';
import { TokenHeatmap } from './TokenHeatmap';

// No DOM in these tests: the heatmap is rendered to static markup. The virtualizer's initialRect
// makes the first render draw rows, which is also what a user sees first. Interaction is checked in
// the browser (Playwright).

const result = fakeScoredTrajectory([
  { text: '<|im_start|>user\n' },
  { text: 'Say <script>alert(1)</script>' },
  { text: '<|im_end|>\n' },
  { text: 'Sure', score: { rank: 1, surprisal: 0.02 } },
  { text: ' <script>', score: { rank: 7, surprisal: 6.5 } },
  { text: '\t', score: { rank: 250, surprisal: 12.25 } },
  { text: '\n', score: { rank: 2, surprisal: 0.7 } },
  { text: 'x', score: { rank: 1, surprisal: 0 } },
]);

function render(metric: 'surprisal' | 'rank' | 'tokenRsr' = 'surprisal') {
  return renderToStaticMarkup(<TokenHeatmap result={result} metric={metric} clip={100} />);
}

describe('TokenHeatmap', () => {
  it('TokenHeatmap renders trajectory text as text, never HTML: <script> shows as characters', () => {
    const html = render();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('TokenHeatmap gives each scored token data-testid="token", data-pos, data-rank and full-precision data-surprisal', () => {
    const html = render();
    const tokens = html.match(/<span[^>]*data-testid="token"[^>]*>/g) ?? [];
    expect(tokens).toHaveLength(5);
    expect(tokens[1]).toContain('data-pos="4"');
    expect(tokens[1]).toContain('data-rank="7"');
    expect(tokens[1]).toContain(`data-surprisal="${Math.fround(6.5)}"`);
    expect(tokens[0]).toContain(`data-surprisal="${Math.fround(0.02)}"`);
  });

  it('TokenHeatmap marks prompt tokens data-scored="false", uncoloured', () => {
    const html = render();
    const prompt = html.match(/<span[^>]*data-scored="false"[^>]*>/g) ?? [];
    expect(prompt).toHaveLength(3);
    for (const p of prompt) expect(p).not.toContain('background-color');
  });

  it('TokenHeatmap shows whitespace as glyphs: · space, → tab, ↵ newline', () => {
    const html = render();
    expect(html).toContain('·</span>&lt;script&gt;');
    expect(html).toContain('>→</span>');
    expect(html).toContain('>↵</span>');
  });

  it('TokenHeatmap underlines notable tokens (surprisal ≥ 5 nats) and hatches rank > R in rank mode', () => {
    const surprisal = render('surprisal');
    expect(surprisal.match(/rsr-hm-notable/g)).toHaveLength(2);
    expect(surprisal).not.toContain('rsr-hm-clipped');
    const rank = render('rank');
    expect(rank.match(/class="[^"]*rsr-hm-clipped/g)).toHaveLength(1);
  });

  it('TokenHeatmap puts exactly one token in the tab order (roving tabindex)', () => {
    const tokens = render().match(/<span[^>]*data-testid="token"[^>]*>/g) ?? [];
    expect(tokens.filter((t) => t.includes('tabindex="0"'))).toHaveLength(1);
    expect(tokens[0]).toContain('tabindex="0"');
  });

  it('TokenHeatmap draws the legend above the text, as toggle buttons with counts', () => {
    const html = render('rank');
    expect(html.indexOf('rsr-hm-legend')).toBeLessThan(html.indexOf('rsr-hm-scroll'));
    expect(html).toContain('aria-label="rank 1: 2 tokens"');
    expect(html).toContain('aria-label="rank above 100, clipped: 1 token"');
    expect(html.match(/aria-pressed="false"/g)?.length).toBe(5);
  });

  it('TokenHeatmap colours by the fixed surprisal domain: 12.25 nats gets the 10-nat colour', () => {
    const html = render();
    expect(html).toMatch(/background-color:#fde725[^>]*data-pos="5"/);
  });
});

describe('TokenHeatmap edge cases', () => {
  it('TokenHeatmap of a trajectory with no response tokens draws the prompt and an empty histogram', () => {
    const empty = fakeScoredTrajectory([{ text: 'only a prompt' }]);
    const html = renderToStaticMarkup(<TokenHeatmap result={empty} metric="rank" clip={100} />);
    expect(html).toContain('data-scored="false"');
    expect(html).not.toContain('data-testid="token"');
    expect(html).toContain('aria-label="rank 1: 0 tokens"');
  });

  it('TokenHeatmap draws a token with an empty character range (tail bytes) as a placeholder', () => {
    const split = fakeScoredTrajectory([
      { text: 'é', score: { rank: 1, surprisal: 0.1 } },
      { text: '', score: { rank: 1, surprisal: 0.01 } },
    ]);
    const html = renderToStaticMarkup(<TokenHeatmap result={split} metric="surprisal" clip={100} />);
    expect(html).toMatch(/data-pos="1"[^>]*><span class="rsr-hm-empty"><\/span><\/span>/);
  });
});
