import { describe, expect, it } from 'vitest';
import {
  DARK_TEXT,
  heatmapScale,
  LIGHT_TEXT,
  RANK_BUCKETS,
  rankBucket,
  surprisalColor,
  textColorOn,
  tokenRsr,
  tokenRsrColor,
  UNKNOWN_COLOR,
} from './heatmapScales';

describe('rankBucket', () => {
  it("rankBucket(r) is 1-based: rank 1 → bucket '1'", () => {
    expect(RANK_BUCKETS[rankBucket(1)].label).toBe('1');
  });

  it("rankBucket(r) puts 2 and 10 in '2–10', 11 and 100 in '11–100', 101 in '> 100'", () => {
    expect([2, 10, 11, 100, 101, 151_936].map((r) => RANK_BUCKETS[rankBucket(r)].label)).toEqual([
      '2–10',
      '2–10',
      '11–100',
      '11–100',
      '> 100',
      '> 100',
    ]);
  });

  it('RANK_BUCKETS are the four viridis steps, best rank first', () => {
    expect(RANK_BUCKETS.map((b) => b.color)).toEqual(['#fde725', '#35b779', '#31688e', '#440154']);
  });
});

describe('surprisalColor', () => {
  it('surprisalColor(s) is viridis on a fixed 0–10 nats domain: 0 → #440154, 10 → #fde725', () => {
    expect(surprisalColor(0)).toBe('#440154');
    expect(surprisalColor(10)).toBe('#fde725');
  });

  it('surprisalColor(s) clamps: above 10 nats equals 10, below 0 equals 0', () => {
    expect(surprisalColor(25)).toBe(surprisalColor(10));
    expect(surprisalColor(-1)).toBe(surprisalColor(0));
  });

  it('surprisalColor(NaN) is the neutral unknown colour', () => {
    expect(surprisalColor(NaN)).toBe(UNKNOWN_COLOR);
  });
});

describe('tokenRsr', () => {
  it('tokenRsr(r, s, R) = min(r, R) / s', () => {
    expect(tokenRsr(4, 2, 100)).toBe(2);
    expect(tokenRsr(5000, 10, 100)).toBe(10);
  });

  it('tokenRsr(r, 0, R) is Infinity, drawn at the top of the scale', () => {
    expect(tokenRsr(1, 0, 100)).toBe(Infinity);
    expect(tokenRsrColor(Infinity)).toBe(tokenRsrColor(1000));
  });

  it('tokenRsrColor(v) is clamped to the log domain 0.1–1000', () => {
    expect(tokenRsrColor(1e6)).toBe(tokenRsrColor(1000));
    expect(tokenRsrColor(0.001)).toBe(tokenRsrColor(0.1));
    expect(tokenRsrColor(1)).not.toBe(tokenRsrColor(10));
  });
});

describe('textColorOn', () => {
  it('textColorOn(bg) is dark on light backgrounds and light on dark ones', () => {
    expect(textColorOn('#fde725')).toBe(DARK_TEXT);
    expect(textColorOn('#35b779')).toBe(DARK_TEXT);
    expect(textColorOn('#31688e')).toBe(LIGHT_TEXT);
    expect(textColorOn('#440154')).toBe(LIGHT_TEXT);
    expect(textColorOn('rgb(255, 255, 255)')).toBe(DARK_TEXT);
  });
});

describe('heatmapScale', () => {
  it("heatmapScale('surprisal') colours by the fixed domain, whatever the data", () => {
    const scale = heatmapScale('surprisal', 100);
    expect(scale.colors[scale.colorIndex(0)]).toBe('#440154');
    expect(scale.colors[scale.colorIndex(10)]).toBe('#fde725');
    expect(scale.colorIndex(40)).toBe(scale.colorIndex(10));
  });

  it("heatmapScale('surprisal') bins: 0.5-nat bins from 0 to 10, then one '≥ 10' bin with an arrow", () => {
    const scale = heatmapScale('surprisal', 100);
    expect(scale.bins).toHaveLength(21);
    expect(scale.bins[0].label).toBe('0–0.5');
    expect(scale.bins[20]).toMatchObject({ label: '≥ 10', overflow: 'high' });
    expect(scale.binIndex(0)).toBe(0);
    expect(scale.binIndex(0.5)).toBe(1);
    expect(scale.binIndex(9.99)).toBe(19);
    expect(scale.binIndex(10)).toBe(20);
    expect(scale.binIndex(123)).toBe(20);
    expect(scale.binIndex(NaN)).toBe(-1);
  });

  it("heatmapScale('surprisal') marks surprisal ≥ 5 nats as notable", () => {
    const scale = heatmapScale('surprisal', 100);
    expect(scale.isNotable(4.99)).toBe(false);
    expect(scale.isNotable(5)).toBe(true);
  });

  it("heatmapScale('rank') is categorical: the bucket colour, rank > 10 notable", () => {
    const scale = heatmapScale('rank', 100);
    expect(scale.isCategorical).toBe(true);
    expect(scale.colors[scale.colorIndex(1)]).toBe('#fde725');
    expect(scale.colors[scale.colorIndex(500)]).toBe('#440154');
    expect(scale.bins.map((b) => b.label)).toEqual(['1', '2–10', '11–100', '> 100']);
    expect(scale.isNotable(10)).toBe(false);
    expect(scale.isNotable(11)).toBe(true);
  });

  it("heatmapScale('tokenRsr', R) uses min(rank, R) / surprisal with the given clip", () => {
    expect(heatmapScale('tokenRsr', 100).value(500, 10)).toBe(10);
    expect(heatmapScale('tokenRsr', 50).value(500, 10)).toBe(5);
  });

  it("heatmapScale('tokenRsr') bins: '≤ 0.1', eight half-decades, '≥ 1000' (surprisal 0 included)", () => {
    const scale = heatmapScale('tokenRsr', 100);
    expect(scale.bins).toHaveLength(10);
    expect(scale.binIndex(0.05)).toBe(0);
    expect(scale.binIndex(0.1)).toBe(0);
    expect(scale.binIndex(0.2)).toBe(1);
    expect(scale.binIndex(1)).toBe(3);
    expect(scale.binIndex(999)).toBe(8);
    expect(scale.binIndex(1000)).toBe(9);
    expect(scale.binIndex(Infinity)).toBe(9);
  });

  it('every legend bin colour is the colour its tokens get', () => {
    for (const metric of ['surprisal', 'rank', 'tokenRsr'] as const) {
      const scale = heatmapScale(metric, 100);
      for (const b of scale.bins) expect(b.color).toMatch(/^(#|rgb)/);
    }
    const rank = heatmapScale('rank', 100);
    rank.bins.forEach((b, i) => expect(b.color).toBe(rank.colors[i]));
  });
});
