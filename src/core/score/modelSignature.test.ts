import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelSignature } from './modelSignature';
import { ELEM, decodeModel, int64Tensor, onnx, tensorValueInfo } from './onnxGraph';
import { StudentError } from './studentError';

type Dims = (number | string)[];

/** A graph with only the declared inputs and outputs: all modelSignature reads. */
function model(inputs: [string, number, Dims][], logitsDims: Dims = [1, 'S', 32], initializers: string[] = [], logitsType: number = ELEM.FLOAT) {
  return onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: onnx.GraphProto.create({
      name: 'g',
      input: inputs.map(([name, type, dims]) => tensorValueInfo(name, type, dims)),
      output: [tensorValueInfo('logits', logitsType, logitsDims)],
      initializer: initializers.map((name) => int64Tensor(name, [0])),
    }),
  });
}

const BASE: [string, number, Dims][] = [
  ['input_ids', ELEM.INT64, ['batch', 'seq']],
  ['attention_mask', ELEM.INT64, ['batch', 'total']],
];
const kv = (layer: number, dims: Dims, type: number = ELEM.FLOAT): [string, number, Dims][] => [
  [`past_key_values.${layer}.key`, type, dims],
  [`past_key_values.${layer}.value`, type, dims],
];
const WITH_CACHE = [...BASE, ...kv(0, [1, 2, 'past', 8])];

describe('modelSignature', () => {
  it('modelSignature(bundled model): inputs in order, position_ids, 8 cache tensors [1, 2, 0, 16], V = 151,936', () => {
    const sig = modelSignature(decodeModel(readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/onnx/model.onnx', import.meta.url))));
    expect(sig.inputs.slice(0, 3)).toEqual(['input_ids', 'attention_mask', 'position_ids']);
    expect(sig.inputs).toHaveLength(11);
    expect(sig.hasPositionIds).toBe(true);
    expect(sig.vocabSize).toBe(151936);
    expect(sig.cache).toHaveLength(8);
    expect(sig.cache[0]).toEqual({ past: 'past_key_values.0.key', present: 'present.0.key', dims: [1, 2, 0, 16], float16: false });
    expect(sig.logitsFloat16).toBe(false);
    expect(sig.constants).toEqual([]);
    expect(sig.cache[7]).toEqual({ past: 'past_key_values.3.value', present: 'present.3.value', dims: [1, 2, 0, 16], float16: false });
  });

  it('modelSignature pairs every past_key_values.N.key|value with present.N.key|value', () => {
    const sig = modelSignature(model([...BASE, ...kv(0, [1, 4, 'past', 8]), ...kv(1, [1, 4, 'past', 8])]));
    expect(sig.cache.map((c) => [c.past, c.present])).toEqual([
      ['past_key_values.0.key', 'present.0.key'],
      ['past_key_values.0.value', 'present.0.value'],
      ['past_key_values.1.key', 'present.1.key'],
      ['past_key_values.1.value', 'present.1.value'],
    ]);
    expect(sig.hasPositionIds).toBe(false);
  });

  it('modelSignature takes symbolic head counts from config.json (head_dim, else hidden_size / num_attention_heads)', () => {
    const symbolic = model([...BASE, ...kv(0, ['batch', 'heads', 'past', 'head_dim'])]);
    expect(modelSignature(symbolic, { num_key_value_heads: 2, head_dim: 64 }).cache[0].dims).toEqual([1, 2, 0, 64]);
    expect(modelSignature(symbolic, { num_key_value_heads: 2, hidden_size: 512, num_attention_heads: 8 }).cache[0].dims).toEqual([1, 2, 0, 64]);
  });

  it('modelSignature prefers the fixed dims of the graph over config.json', () => {
    const fixed = model([...BASE, ...kv(0, ['batch', 3, 'past', 12])]);
    expect(modelSignature(fixed, { num_key_value_heads: 2, head_dim: 64 }).cache[0].dims).toEqual([1, 3, 0, 12]);
  });

  it('modelSignature throws when neither the graph nor config.json tells the cache shape', () => {
    expect(() => modelSignature(model([...BASE, ...kv(0, ['batch', 'heads', 'past', 'head_dim'])]))).toThrow(/cannot tell the cache shape/);
  });

  it('modelSignature marks float16 caches', () => {
    const sig = modelSignature(model([...BASE, ...kv(0, [1, 2, 'past', 8], ELEM.FLOAT16)]));
    expect(sig.cache.every((c) => c.float16)).toBe(true);
  });

  it('modelSignature reads V from config.vocab_size when the logits width is symbolic, and throws when both are unknown', () => {
    expect(modelSignature(model(WITH_CACHE, [1, 'S', 'vocab']), { vocab_size: 128256 }).vocabSize).toBe(128256);
    expect(() => modelSignature(model(WITH_CACHE, [1, 'S', 'vocab']))).toThrow(/vocabulary width/);
  });

  it('modelSignature refuses inputs it would not know how to feed, naming them (StudentError, refused)', () => {
    const refuses = (m: ReturnType<typeof model>, message: RegExp) => {
      expect(() => modelSignature(m)).toThrow(message);
      expect(() => modelSignature(m)).toThrow(StudentError);
    };
    refuses(model([...WITH_CACHE, ['token_type_ids', ELEM.INT64, ['batch', 'seq']]]), /an input "token_type_ids" that a decoder-only language model does not take/);
    refuses(model([...WITH_CACHE, ['encoder_hidden_states', ELEM.FLOAT, [1, 'e', 8]]]), /"encoder_hidden_states"/);
    refuses(model([...WITH_CACHE, ['past_key_values.0.cross', ELEM.FLOAT, [1, 2, 'p', 8]]]), /"past_key_values.0.cross"/);
  });

  it('modelSignature refuses a decoder without a KV cache, and says how to re-export it', () => {
    expect(() => modelSignature(model(BASE))).toThrow(/without a KV cache .*text-generation-with-past/);
  });

  it('modelSignature feeds num_logits_to_keep / logits_to_keep 0 and use_cache_branch true, in their declared rank', () => {
    const sig = modelSignature(
      model([...WITH_CACHE, ['num_logits_to_keep', ELEM.INT64, []], ['logits_to_keep', ELEM.INT64, [1]], ['use_cache_branch', ELEM.BOOL, [1]]]),
    );
    expect(sig.constants).toEqual([
      { name: 'num_logits_to_keep', value: 'zero', dims: [] },
      { name: 'logits_to_keep', value: 'zero', dims: [1] },
      { name: 'use_cache_branch', value: 'true', dims: [1] },
    ]);
  });

  it('modelSignature marks float16 logits, and refuses logits of another type', () => {
    expect(modelSignature(model(WITH_CACHE, [1, 'S', 32], [], ELEM.FLOAT16)).logitsFloat16).toBe(true);
    expect(() => modelSignature(model(WITH_CACHE, [1, 'S', 32], [], ELEM.INT64))).toThrow(/element type 7: RSR Lens reads float32 or float16 logits/);
  });

  it('modelSignature refuses a graph without a logits output (exported without the lm_head)', () => {
    const m = model(WITH_CACHE);
    m.graph!.output![0].name = 'hidden_states';
    expect(() => modelSignature(m)).toThrow(/no "logits" output \(outputs: hidden_states\)/);
  });

  it('modelSignature requires input_ids and attention_mask', () => {
    expect(() => modelSignature(model([BASE[0]]))).toThrow(/input_ids and attention_mask/);
    expect(() => modelSignature(model([BASE[1]]))).toThrow(/input_ids and attention_mask/);
  });

  it('modelSignature skips initializers listed as graph inputs (older exports)', () => {
    const sig = modelSignature(model([...WITH_CACHE, ['model.embed.weight', ELEM.FLOAT, [32, 4]]], [1, 'S', 32], ['model.embed.weight']));
    expect(sig.cache).toHaveLength(2);
    expect(sig.inputs).toContain('model.embed.weight');
  });
});
