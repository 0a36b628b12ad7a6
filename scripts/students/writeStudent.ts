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
