import { describe, expect, it } from 'vitest';
import { fakeScoredTrajectory } from '../heatmap/fakeScoredTrajectory.fixture';
import { heatmapScale } from '../heatmap/heatmapScales';
import { escapeXml, heatmapSvg } from './heatmapSvg';

const result = fakeScoredTrajectory([
  { text: '<|im_start|>user\n' },
  { text: 'Say <script>alert(1)</script> & "q"' },
  { text: '<|im_end|>\n' },
  { text: 'Sure', score: { rank: 1, surprisal: 0.02 } },
  { text: ' thing', score: { rank: 7, surprisal: 6.5 } },
  { text: '\n', score: { rank: 250, surprisal: 12.25 } },
  { text: 'x', score: { rank: 2, surprisal: NaN } },
]);

/** Every tag of the document, in order (text between tags must hold no raw '<'). */
const tags = (svg: string) => [...svg.matchAll(/<\/?([a-z]+)/g)].map((m) => m[0]);

describe('heatmapSvg', () => {
  it('heatmapSvg(result) draws each response token on its metric colour, and the prompt as plain text', () => {
    const svg = heatmapSvg(result, 'surprisal', 100);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    const scale = heatmapScale('surprisal', 100);
    for (const s of [0.02, 6.5, 12.25]) expect(svg).toContain(`fill="${scale.colors[scale.colorIndex(s)]}"`);
    // The NaN token gets the unknown grey, like the app.
    expect(svg).toContain('fill="#9e9e9e"');
    expect(svg).toContain('>Sure</text>');
    expect(svg).toContain('>·thing</text>');
  });

  it('heatmapSvg escapes user text: markup in a trajectory stays text', () => {
    const evil = { ...result, id: '<script>alert(1)</script>&' };
    const svg = heatmapSvg(evil, 'rank', 100);
    expect(new Set(tags(svg))).toEqual(new Set(['<svg', '<rect', '<text', '</text', '</svg']));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
  });
});

describe('escapeXml', () => {
  it('escapeXml(s) escapes markup and replaces characters XML cannot hold', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(escapeXml('x\u0001y\ud800z')).toBe('x\ufffdy\ufffdz');
    expect(escapeXml('😀')).toBe('😀');
  });
});
