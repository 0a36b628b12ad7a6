import fs from 'node:fs';
import path from 'node:path';
import { type GraphProto, type ModelProto, encodeModel, onnx } from '../../src/core/score/onnxGraph';
import type { ExternalData } from './studentFolders';

/** Initializers at least this big go to the external files (the exporters' usual 1 KiB threshold). */
const EXTERNAL_THRESHOLD = 1024;

/**
 * Move initializers out of the protobuf the way each exporter does, and return the graph's bytes
 * and the data files (names relative to the .onnx file, as each initializer's `location` says).
 */
export function externalize(model: ModelProto, fileName: string, external: ExternalData): { graph: Uint8Array; data: { name: string; bytes: Uint8Array }[] } {
  const graph = model.graph as GraphProto;
  const threshold = external.kind === 'genai' ? 0 : EXTERNAL_THRESHOLD;
  const moved = graph.initializer.filter((t) => (t.rawData?.length ?? 0) >= Math.max(threshold, 1));
  const chunks = external.kind === 'split' ? external.chunks : 1;
  const names = Array.from({ length: chunks }, (_, i) => (external.kind === 'genai' ? `${fileName}.data` : `${fileName}_data${i === 0 ? '' : `_${i}`}`));
  const parts: Uint8Array[][] = names.map(() => []);
  const sizes = names.map(() => 0);
  moved.forEach((t, index) => {
    // An equal share of the tensors per chunk (by bytes, the toy's embedding alone would fill one).
    const chunk = Math.floor((index * chunks) / moved.length);
    const raw = t.rawData!;
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      onnx.StringStringEntryProto.create({ key: 'location', value: names[chunk] }),
      onnx.StringStringEntryProto.create({ key: 'offset', value: String(sizes[chunk]) }),
      onnx.StringStringEntryProto.create({ key: 'length', value: String(raw.length) }),
    ];
    t.rawData = new Uint8Array(0);
    parts[chunk].push(raw);
    sizes[chunk] += raw.length;
  });
  return { graph: encodeModel(model), data: names.map((name, i) => ({ name, bytes: Buffer.concat(parts[i]) })) };
}

/** Hard-link a file into the folder (the tokenizer is 11 MB; a dozen copies would be waste), else copy. */
export function linkFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** GenAI's genai_config.json for a decoder, with the fields RSR Lens (and GenAI) read. */
export function genaiConfig(config: Record<string, any>, fileName: string): Record<string, unknown> {
  return {
    model: {
      bos_token_id: config.bos_token_id ?? config.eos_token_id,
      context_length: config.max_position_embeddings,
      decoder: {
        filename: fileName,
        head_size: config.head_dim ?? config.hidden_size / config.num_attention_heads,
        hidden_size: config.hidden_size,
        num_attention_heads: config.num_attention_heads,
        num_hidden_layers: config.num_hidden_layers,
        num_key_value_heads: config.num_key_value_heads,
        inputs: { input_ids: 'input_ids', attention_mask: 'attention_mask', past_key_names: 'past_key_values.%d.key', past_value_names: 'past_key_values.%d.value' },
        outputs: { logits: 'logits', present_key_names: 'present.%d.key', present_value_names: 'present.%d.value' },
      },
      eos_token_id: config.eos_token_id,
      pad_token_id: config.pad_token_id ?? config.eos_token_id,
      type: config.model_type,
      vocab_size: config.vocab_size,
    },
    search: { max_length: config.max_position_embeddings, past_present_share_buffer: false },
  };
}

/** Chrome keeps one ArrayBuffer under 2 GiB: each external data file stays below this, as transformers.js' split exports do. */
export const MAX_EXTERNAL_FILE_BYTES = 2_000_000_000;

/**
 * A TensorSink that moves every initializer of at least 1 KiB into `<file>_data`, `<file>_data_1`, …
 * as it is made (transformers.js' split naming; a new file starts before one would pass
 * `maxFileBytes`), so a 7 GB model is written without ever being in memory. `files()` lists the
 * data files written so far.
 */
export function externalDataSink(dir: string, fileName: string, maxFileBytes = MAX_EXTERNAL_FILE_BYTES) {
  const names: string[] = [];
  let fd: number | undefined;
  let size = 0;
  const open = () => {
    if (fd !== undefined) fs.closeSync(fd);
    const name = `${fileName}_data${names.length ? `_${names.length}` : ''}`;
    names.push(name);
    fd = fs.openSync(path.join(dir, name), 'w');
    size = 0;
  };
  const sink = (t: InstanceType<typeof onnx.TensorProto>) => {
    const raw = t.rawData;
    if (!raw || raw.length < EXTERNAL_THRESHOLD) return;
    if (fd === undefined || (size > 0 && size + raw.length > maxFileBytes)) open();
    // One write() moves at most ~2 GiB on Linux: loop until the tensor is out.
    for (let at = 0; at < raw.length; ) at += fs.writeSync(fd!, raw, at, raw.length - at);
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      onnx.StringStringEntryProto.create({ key: 'location', value: names.at(-1)! }),
      onnx.StringStringEntryProto.create({ key: 'offset', value: String(size) }),
      onnx.StringStringEntryProto.create({ key: 'length', value: String(raw.length) }),
    ];
    t.rawData = new Uint8Array(0);
    size += raw.length;
  };
  const close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    return names;
  };
  return { sink, close };
}
