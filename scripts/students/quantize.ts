/**
 * The weight encodings of real exports, written the way their tools write them:
 * float16 (onnxconverter-common), MatMulNBits 4-bit blocks (onnxruntime's MatMul4BitsQuantizer,
 * GenAI's builder), MatMulBnb4 NF4 (MatMulBnb4Quantizer) and per-tensor 8-bit (quantize_dynamic).
 * Each takes a PyTorch-layout weight [out, in] (N × K) in float32.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → float16 bits, round to nearest even (what numpy's astype(float16) does). */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 31) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      // Subnormal half: shift the implicit bit in, then round to nearest even.
      mant |= 0x800000;
      const shift = 14 - e;
      const half = mant >>> shift;
      const rest = mant & ((1 << shift) - 1);
      const midpoint = 1 << (shift - 1);
      out[i] = sign | (half + (rest > midpoint || (rest === midpoint && half & 1) ? 1 : 0));
      continue;
    }
    const half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // A carry out of the mantissa correctly bumps the exponent (and overflows to infinity).
    out[i] = sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
  }
  return out;
}

export interface NBitsWeight {
  /** [N, blocks, blockSize / 2]: two 4-bit codes a byte, the even element in the low nibble. */
  packed: Uint8Array;
  /** [N, blocks] */
  scales: Float32Array;
  blocks: number;
}

/**
 * Symmetric 4-bit blocks along K, as MatMul4BitsQuantizer (is_symmetric) and GenAI's RTN write them:
 * per block the value of largest magnitude maps to −8, scale = that value / −8, code = round(w /
 * scale) + 8 clamped to [0, 15]; MatMulNBits' default zero point (8) undoes the offset.
 */
export function quantizeNBits(w: Float32Array, n: number, k: number, blockSize = 32): NBitsWeight {
  const blocks = Math.ceil(k / blockSize);
  const packed = new Uint8Array(n * blocks * (blockSize / 2));
  const scales = new Float32Array(n * blocks);
  for (let row = 0; row < n; row++) {
    for (let b = 0; b < blocks; b++) {
      const start = row * k + b * blockSize;
      const len = Math.min(blockSize, k - b * blockSize);
      let extreme = 0;
      for (let i = 0; i < len; i++) if (Math.abs(w[start + i]) > Math.abs(extreme)) extreme = w[start + i];
      const scale = Math.fround(extreme / -8);
      scales[row * blocks + b] = scale;
      const inv = scale ? 1 / scale : 0;
      const out = (row * blocks + b) * (blockSize / 2);
      for (let i = 0; i < len; i++) {
        const code = Math.max(0, Math.min(15, Math.round(w[start + i] * inv) + 8));
        packed[out + (i >> 1)] |= i & 1 ? code << 4 : code;
      }
    }
  }
  return { packed, scales, blocks };
}

// bitsandbytes' NF4 code book (normal-float quantiles), as onnxruntime's blockwise_quant_block_bnb4.h lists it.
const NF4 = [
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
  0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
];

/**
 * NF4 with one absmax per `blockSize` elements of the flattened [N, K] weight (MatMulBnb4 with
 * transB); two codes a byte, the first element in the high nibble.
 */
export function quantizeBnb4(w: Float32Array, blockSize = 64): { packed: Uint8Array; absmax: Float32Array } {
  const blocks = Math.ceil(w.length / blockSize);
  const packed = new Uint8Array(Math.ceil(w.length / 2));
  const absmax = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const start = b * blockSize;
    const end = Math.min(w.length, start + blockSize);
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, Math.abs(w[i]));
    absmax[b] = max;
    for (let i = start; i < end; i++) {
      const x = max ? w[i] / max : 0;
      let best = 0;
      for (let c = 1; c < 16; c++) if (Math.abs(NF4[c] - x) < Math.abs(NF4[best] - x)) best = c;
      packed[i >> 1] |= i & 1 ? best : best << 4;
    }
  }
  return { packed, absmax };
}

/**
 * Per-tensor 8-bit weights transposed to [K, N] for MatMulInteger, as quantize_dynamic writes them:
 * uint8 asymmetric over [min(w, 0), max(w, 0)], or int8 symmetric over ±max|w| (zero point 0).
 */
export function quantizeQ8(w: Float32Array, n: number, k: number, type: 'uint8' | 'int8'): { data: Uint8Array | Int8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (const v of w) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const signed = type === 'int8';
  const scale = Math.fround(signed ? Math.max(-min, max) / 127 : (max - min) / 255);
  const zeroPoint = signed ? 0 : Math.round(-min / scale);
  const data = signed ? new Int8Array(k * n) : new Uint8Array(k * n);
  const [lo, hi] = signed ? [-127, 127] : [0, 255];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < k; col++) data[col * n + row] = Math.max(lo, Math.min(hi, Math.round(w[row * k + col] / scale) + zeroPoint));
  }
  return { data, scale, zeroPoint };
}

/** [N, K] → [K, N]. */
export function transpose(w: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let row = 0; row < n; row++) for (let col = 0; col < k; col++) out[col * n + row] = w[row * k + col];
  return out;
}
