import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fakeScoredTrajectory } from './fakeScoredTrajectory.fixture';
import { TokenTooltip } from './TokenTooltip';

const result = fakeScoredTrajectory([
  { text: 'Q:\n' },
  { text: 'The', score: { rank: 1, surprisal: 0.105, entropy: 0.5 } },
  { text: ' answer', score: { rank: 3, surprisal: 1.5, entropy: 2.25 } },
  { text: ' <b>', score: { rank: 420, surprisal: 11, entropy: 3 } },
]);
const anchor = { left: 10, top: 10, right: 40, bottom: 30 };

function render(pos: number, scoreIndex: number, isPinned = false) {
  return renderToStaticMarkup(
    <TokenTooltip id="tt" result={result} pos={pos} scoreIndex={scoreIndex} clip={100} anchor={anchor} isPinned={isPinned} onClose={() => {}} />,
  );
}

describe('TokenTooltip', () => {
  it('TokenTooltip is role="tooltip" with data-testid="token-tooltip"', () => {
    const html = render(2, 1);
    expect(html).toContain('role="tooltip"');
    expect(html).toContain('data-testid="token-tooltip"');
  });

  it('TokenTooltip shows "previous → current" with whitespace glyphs', () => {
    const html = render(2, 1);
    expect(html).toMatch(/The.*→.*·<\/span><span>answer/);
  });

  it('TokenTooltip shows exact rank, probability exp(−s), surprisal to 4 decimals and entropy', () => {
    const html = render(2, 1);
    expect(html).toContain('<dd>3</dd>');
    expect(html).toContain(`<dd>${Math.exp(-Math.fround(1.5)).toFixed(4)}</dd>`);
    expect(html).toContain('<dd>1.5000 nats</dd>');
    expect(html).toContain('<dd>2.2500 nats</dd>');
  });

  it('TokenTooltip says "clipped at R" when the rank exceeds R', () => {
    expect(render(3, 2)).toContain('clipped at 100');
    expect(render(2, 1)).not.toContain('clipped at');
  });

  it('TokenTooltip highlights the actual token in the top-5 table', () => {
    const html = render(2, 1);
    const rows = html.match(/<tr[^>]*>.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(5);
    expect(rows[2]).toContain('rsr-hm-tt-actual');
    expect(rows.filter((r) => r.includes('rsr-hm-tt-actual'))).toHaveLength(1);
  });

  it('TokenTooltip says when the actual token is not in the top 5', () => {
    expect(render(3, 2)).toContain('Actual token not in the top 5 (rank 420)');
  });

  it('TokenTooltip renders token text as text: markup in a token stays characters', () => {
    expect(render(3, 2)).toContain('&lt;b&gt;');
  });

  it('TokenTooltip shows a close button only when pinned', () => {
    expect(render(2, 1, true)).toContain('aria-label="Close token details"');
    expect(render(2, 1, false)).not.toContain('Close token details');
  });
});
