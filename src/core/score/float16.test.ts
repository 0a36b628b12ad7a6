import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32Slice } from './float16';

// Bit patterns from IEEE 754 binary16: 1.0, −2.0, the largest finite, the smallest subnormal,
// the smallest normal, 1/3 rounded, ±0, ±∞.
const CASES: [number, number][] = [
  [0x3c00, 1],
  [0xc000, -2],
  [0x7bff, 65504],
  [0x0001, 2 ** -24],
  [0x0400, 2 ** -14],
  [0x3555, 0.333251953125],
  [0x0000, 0],
  [0x7c00, Infinity],
  [0xfc00, -Infinity],
];

describe('float16ToFloat32', () => {
  it('float16ToFloat32 decodes normal, subnormal, zero and infinite float16 bits exactly', () => {
    const out = float16ToFloat32(Uint16Array.from(CASES.map(([bits]) => bits)));
    expect(Array.from(out)).toEqual(CASES.map(([, value]) => value));
    expect(Object.is(float16ToFloat32(Uint16Array.of(0x8000))[0], -0)).toBe(true);
  });

  it('float16ToFloat32 gives NaN for NaN bits', () => {
    expect(Number.isNaN(float16ToFloat32(Uint16Array.of(0x7e00))[0])).toBe(true);
  });

  it('float16ToFloat32 reads a subarray from its own offset', () => {
    const bits = Uint16Array.of(0, 0x3c00, 0xc000, 0);
    expect(Array.from(float16ToFloat32(bits.subarray(1, 3)))).toEqual([1, -2]);
  });
});

describe('float32Slice', () => {
  it('float32Slice of float32 data is a view, without a copy', () => {
    const data = Float32Array.of(1, 2, 3, 4);
    const slice = float32Slice(data, 1, 3);
    expect(Array.from(slice)).toEqual([2, 3]);
    expect(slice.buffer).toBe(data.buffer);
  });

  it('float32Slice decodes float16 bits (a Uint16Array read as numbers would give 15,360 for 1.0)', () => {
    expect(Array.from(float32Slice(Uint16Array.of(0x3c00, 0xc000, 0x7bff), 1, 3))).toEqual([-2, 65504]);
  });

  it('float32Slice refuses other element types', () => {
    expect(() => float32Slice(Int32Array.of(1), 0, 1)).toThrow(/expected float32 or float16 data/);
  });
});
