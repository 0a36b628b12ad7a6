import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HeatmapLegend } from './HeatmapLegend';
import { CLIPPED_KEY, heatmapScale } from './heatmapScales';

function render(metric: 'surprisal' | 'rank' | 'tokenRsr', selected: string | null = null, withSwitch = false) {
  const scale = heatmapScale(metric, 100);
  const counts = scale.bins.map((_, i) => i * 10);
  return renderToStaticMarkup(
    <HeatmapLegend
      scale={scale}
      counts={counts}
      clippedCount={3}
      clip={100}
      selected={selected}
      onSelect={() => {}}
      onMetricChange={withSwitch ? () => {} : undefined}
    />,
  );
}

describe('HeatmapLegend', () => {
  it('HeatmapLegend draws one toggle button per bin, labelled with its range and count', () => {
    const html = render('surprisal');
    expect(html.match(/<button[^>]*class="rsr-hm-bar[^"]*"/g)).toHaveLength(21);
    expect(html).toContain('aria-label="surprisal 0.5 to 1 nats: 10 tokens"');
    expect(html).toContain('aria-label="surprisal 10 nats or more: 200 tokens"');
  });

  it('HeatmapLegend labels the clamped top of the surprisal scale "≥ 10" with an arrow', () => {
    const html = render('surprisal');
    expect(html).toContain('rsr-hm-bar-high');
    expect(html).toContain('≥ 10');
  });

  it('HeatmapLegend marks the selected bar aria-pressed="true" and dims the others', () => {
    const html = render('rank', 'r2-10');
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true"[^>]*aria-label="rank 2 to 10/);
    expect(html.match(/data-dim="true"/g)).toHaveLength(4);
  });

  it('HeatmapLegend adds a hatched "rank > R" bar outside surprisal mode', () => {
    expect(render('rank')).toContain('aria-label="rank above 100, clipped: 3 tokens"');
    expect(render('tokenRsr', CLIPPED_KEY)).toMatch(/aria-pressed="true"[^>]*aria-label="rank above 100/);
    expect(render('surprisal')).not.toContain('clipped:');
  });

  it('HeatmapLegend shows the metric switch only with onMetricChange', () => {
    expect(render('rank', null, true)).toContain('aria-label="Colour tokens by"');
    expect(render('rank', null, false)).not.toContain('Colour tokens by');
  });
});
