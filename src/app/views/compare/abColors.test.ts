import { color } from 'd3';
import { describe, expect, it } from 'vitest';
import { A_COLOR, B_COLOR, DIFF_DOMAIN, diffColor } from './abColors';

const hex = (c: string | undefined) => color(c!)!.formatHex();

describe('diffColor', () => {
  it('diffColor(0) is the light neutral middle', () => {
    const c = color(diffColor(0)!)!.rgb();
    expect(Math.min(c.r, c.g, c.b)).toBeGreaterThan(230);
  });
  it('diffColor(d) is A blue for A − B ≤ −domain and B amber for ≥ domain (clamped)', () => {
    expect(hex(diffColor(-DIFF_DOMAIN))).toBe(A_COLOR);
    expect(hex(diffColor(-100))).toBe(A_COLOR);
    expect(hex(diffColor(DIFF_DOMAIN))).toBe(B_COLOR);
    expect(hex(diffColor(1e9))).toBe(B_COLOR);
  });
  it('diffColor(NaN) is undefined', () => {
    expect(diffColor(NaN)).toBeUndefined();
  });
});
