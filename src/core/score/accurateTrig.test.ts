import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { replaceTrigOps } from './accurateTrig';
import { ELEM, type ModelProto, decodeModel, encodeModel, onnx, tensorValueInfo } from './onnxGraph';

const MODEL = 'public/models/rsr-tiny-qwen3/onnx/model.onnx';

/** X → Cos, Sin (and, for float16, a Cast on either side), with opset 17. */
function trigModel(elemType: number): ModelProto {
  const nodes =
    elemType === ELEM.FLOAT
      ? [onnx.NodeProto.create({ opType: 'Cos', input: ['X'], output: ['C'] }), onnx.NodeProto.create({ opType: 'Sin', input: ['X'], output: ['S'] })]
      : [
          onnx.NodeProto.create({ opType: 'Cos', input: ['X'], output: ['C16'] }),
          onnx.NodeProto.create({ opType: 'Sin', input: ['X'], output: ['S16'] }),
          onnx.NodeProto.create({ opType: 'Cast', input: ['C16'], output: ['C'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: ELEM.FLOAT }] }),
          onnx.NodeProto.create({ opType: 'Cast', input: ['S16'], output: ['S'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: ELEM.FLOAT }] }),
        ];
  return onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: onnx.GraphProto.create({
      name: 'trig',
      node: nodes,
      input: [tensorValueInfo('X', elemType, ['N'])],
      output: [tensorValueInfo('C', ELEM.FLOAT, ['N']), tensorValueInfo('S', ELEM.FLOAT, ['N'])],
    }),
  });
}

async function run(model: ModelProto, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(encodeModel(model));
  const out = await session.run(feeds);
  await session.release();
  return out;
}

describe('replaceTrigOps', () => {
  it('computes cos and sin of float32 angles up to 2e5 rad within 2e-7 of the exact value', async () => {
    // RoPE angles: position × inverse frequency, so every size up to long contexts, plus values just
    // around the quadrant boundaries where the reduction switches branch.
    const angles: number[] = [0, -0, 1e-30, Math.PI / 4, -Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 205_000, -205_000];
    for (let i = 0; i < 20_000; i++) angles.push(((i * 7919) % 20_011) * 10.3 * (i % 2 ? 1 : -1));
    for (let k = -300; k <= 300; k++) for (const d of [-1e-4, 0, 1e-4]) angles.push(k * (Math.PI / 4) + d);
    const x = Float32Array.from(angles);
    const model = trigModel(ELEM.FLOAT);
    expect(replaceTrigOps(model)).toBe(2);
    expect((model.graph!.node ?? []).some((n) => n.opType === 'Cos' || n.opType === 'Sin')).toBe(false);
    const out = await run(model, { X: new ort.Tensor('float32', x, [x.length]) });
    const cos = out.C.data as Float32Array;
    const sin = out.S.data as Float32Array;
    let worst = 0;
    x.forEach((v, i) => (worst = Math.max(worst, Math.abs(cos[i] - Math.cos(v)), Math.abs(sin[i] - Math.sin(v)))));
    // Measured 7.7e-8: float32 rounding of the polynomial, far below the 1.9e-4 of SwiftShader's cos.
    expect(worst).toBeLessThan(2e-7);
  });

  it('keeps a float16 graph float16: computes in float32 and casts back', async () => {
    const model = trigModel(ELEM.FLOAT16);
    expect(replaceTrigOps(model)).toBe(2);
    const values = [0, 1, 2, 3, 100, 1000, -4096];
    const half = new ort.Tensor('float16', new Uint16Array(values.map(toHalfBits)), [values.length]);
    const out = await run(model, { X: half });
    const cos = out.C.data as Float32Array;
    values.forEach((v, i) => expect(cos[i]).toBeCloseTo(Math.cos(v), 3));
  });

  it('leaves the bundled student computing the same logits on the CPU, with no Cos or Sin left', async () => {
    const bytes = new Uint8Array(readFileSync(MODEL));
    const model = decodeModel(bytes);
    expect(replaceTrigOps(model)).toBe(2);
    expect((model.graph!.node ?? []).filter((n) => n.opType === 'Cos' || n.opType === 'Sin')).toEqual([]);
    const ids = Array.from({ length: 300 }, (_, i) => 200 + ((i * 389) % 5000));
    const feeds = (n: number) => {
      const f: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, n]),
      };
      for (let l = 0; l < 4; l++)
        for (const kv of ['key', 'value']) f[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, 2, 0, 16]);
      return f;
    };
    const [plain, rewritten] = await Promise.all([run(decodeModel(bytes), feeds(ids.length)), run(model, feeds(ids.length))]);
    const a = plain.logits.data as Float32Array;
    const b = rewritten.logits.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-4);
  });
});

/** IEEE half-precision bits of a value that is exactly representable (small integers here). */
function toHalfBits(v: number): number {
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}
