/**
 * float16 → float32 for logits and caches that ONNX Runtime hands back as raw half-precision bits.
 * A Uint16Array of float16 bits read as numbers is garbage (1.0 reads as 15,360), so every float16
 * tensor the scorer reads goes through here.
 */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const Half = (globalThis as { Float16Array?: new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayLike<number> }).Float16Array;
  // Where the engine has Float16Array (Chrome ≥ 135, Node ≥ 24), its conversion is native and exact.
  if (Half) return Float32Array.from(new Half(bits.buffer, bits.byteOffset, bits.length));
  const table = halfTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

let table: Float32Array | undefined;

/** All 65,536 float16 values, decoded once (256 KiB): a lookup per element after that. */
function halfTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    table[h] =
      exponent === 0
        ? sign * fraction * 2 ** -24 // subnormal
        : exponent === 31
          ? fraction
            ? NaN
            : sign * Infinity
          : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

/**
 * Elements [start, end) of a float tensor's data as float32: a view for float32, a decoded copy for
 * float16 (raw bits in a Uint16Array, or a Float16Array where onnxruntime-web hands one out).
 */
export function float32Slice(data: unknown, start: number, end: number): Float32Array {
  if (data instanceof Float32Array) return data.subarray(start, end);
  if (data instanceof Uint16Array) return float16ToFloat32(data.subarray(start, end));
  if (ArrayBuffer.isView(data) && data.constructor.name === 'Float16Array') {
    return Float32Array.from((data as unknown as { subarray(a: number, b: number): ArrayLike<number> }).subarray(start, end));
  }
  throw new Error(`expected float32 or float16 data, got ${Object.prototype.toString.call(data)}`);
}
