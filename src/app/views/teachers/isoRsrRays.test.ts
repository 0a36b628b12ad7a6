import { describe, expect, it } from 'vitest';
import { isoRsrRays } from './isoRsrRays';

describe('isoRsrRays', () => {
  it('isoRsrRays(x, y) ends each ray on the edge it leaves through, with y = rsr · x', () => {
    const rays = isoRsrRays(10, 20, { values: [1, 4] });
    expect(rays).toEqual([
      { rsr: 1, x: 10, y: 10, edge: 'right' },
      { rsr: 4, x: 5, y: 20, edge: 'top' },
    ]);
  });

  it('isoRsrRays(x, y) puts a ray through the top-right corner on the right edge', () => {
    expect(isoRsrRays(10, 20, { values: [2] })).toEqual([{ rsr: 2, x: 10, y: 20, edge: 'right' }]);
  });

  it('isoRsrRays(x, y) drops rays hugging an axis and rays crowding the previous label', () => {
    // rsr 0.01 leaves at y = 0.1 (hugs the x axis); 1000 at x = 0.02 (hugs the y axis); 1.1 is 0.05 above 1.
    const rays = isoRsrRays(10, 20, { values: [1000, 1.1, 1, 0.01], minGap: 0.08 });
    expect(rays.map((r) => r.rsr)).toEqual([1]);
  });

  it('isoRsrRays(x, y) keeps the default values that fit a typical plot, low RSR first', () => {
    const rays = isoRsrRays(6, 25);
    expect(rays.map((r) => r.rsr)).toEqual([0.5, 1, 2, 5, 10, 20, 50]);
    for (const r of rays) expect(r.y / r.x).toBeCloseTo(r.rsr, 12);
  });

  it('isoRsrRays of an empty or non-finite plot is empty', () => {
    expect(isoRsrRays(0, 5)).toEqual([]);
    expect(isoRsrRays(5, NaN)).toEqual([]);
  });
});
