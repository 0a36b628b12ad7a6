import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ELEM, decodeModel, encodeModel, onnx, tensorValueInfo } from '../core/score/onnxGraph';
import { type Cache, modelFeeds, nextCache } from '../core/score/ortScorer';
import { modelSignature } from '../core/score/modelSignature';
import type { PositionLogprobs } from '../core/score/promptLogprobs';
import { readTokenizerFiles } from '../core/score/studentFiles';
import { createStudentTokenizer } from '../core/tokenize/studentTokenizer';
import { BUNDLED_MODEL_DIR, dirFileGetter } from './nodeFileGetter';
import { type RunningServer, startPromptLogprobsServer } from './promptLogprobsServer';

/**
 * A stand-in vLLM for tests: the bundled student behind vLLM's prompt log-probabilities with
 * vLLM's semantics, as read in its source (promptLogprobs.ts): float32 log_softmax over the full
 * logits width, `rank` = #{logprob ≥ the token's} (ties and the token counted), the actual token
 * first and the top K after it, overwriting its entry when it is among them, position 0 null.
 * `bf16` rounds the logits to bfloat16 first, as a bf16 model's lm_head gives them: ties galore.
 * It also keeps the truth a client cannot see — the strict rank of every position it answered —
 * so tests can check what a client derives.
 */
export interface StandInOptions {
  bf16?: boolean;
  /** vLLM's max_model_len (the bundled student's 40,960 unless given). */
  maxModelLen?: number;
  /** --max-logprobs (20). */
  maxLogprobs?: number;
  apiKey?: string;
  allowedOrigins?: string[];

  /** Called as each completion arrives, with its count so far (stop the server mid-run). */
  onCompletion?: (count: number) => void;
  /** What /version answers. */
  version?: string;
}

export interface StandIn extends RunningServer {
  /** Completions answered so far. */
  completions: () => number;
  /** The strict rank 1 + #{logprob > token's} at every answered position, by prompt (ids joined by commas). */
  truth: Map<string, Int32Array>;
  /** vLLM's rank #{logprob ≥ token's} there, the same way. */
  atLeast: Map<string, Int32Array>;
}

/** A row of float32 rounded to bfloat16 in place, to nearest even (what a bf16 lm_head's output carries). */
function roundToBf16(row: Float32Array): void {
  const bits = new Uint32Array(row.buffer, row.byteOffset, row.length);
  for (let i = 0; i < bits.length; i++) bits[i] = (bits[i] + 0x7fff + ((bits[i] >>> 16) & 1)) & 0xffff0000;
}

/**
 * log_softmax over the last axis of [rows, V] float32, the log-sum-exp taken in float64 and the
 * result rounded to float32 once: what a careful float32 kernel (torch's tree reductions on a
 * GPU) gives to within its last bit. ONNX Runtime's float32 LogSoftmax sums 151,936 terms one
 * after the other and was 2.6e-4 nats off: more than vLLM's own error, so not a fair stand-in.
 */
function logSoftmaxModel(v: number): Uint8Array {
  const attr = (name: string, value: number | number[]) =>
    Array.isArray(value)
      ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: value })
      : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
  const DOUBLE = 11;
  const graph = onnx.GraphProto.create({
    name: 'log_softmax',
    input: [tensorValueInfo('z', ELEM.FLOAT, ['rows', v])],
    output: [tensorValueInfo('lp', ELEM.FLOAT, ['rows', v])],
    node: [
      onnx.NodeProto.create({ opType: 'Cast', input: ['z'], output: ['z64'], attribute: [attr('to', DOUBLE)] }),
      onnx.NodeProto.create({ opType: 'ReduceLogSumExp', input: ['z64'], output: ['lse'], attribute: [attr('axes', [-1]), attr('keepdims', 1)] }),
      onnx.NodeProto.create({ opType: 'Sub', input: ['z64', 'lse'], output: ['lp64'] }),
      onnx.NodeProto.create({ opType: 'Cast', input: ['lp64'], output: ['lp'], attribute: [attr('to', ELEM.FLOAT)] }),
    ],
  });
  return encodeModel(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }));
}

/** The bundled student's sessions and tokenizer: what a stand-in costs to start (1.5 s of CPU, more than a test's run). */
async function loadModel() {
  const bytes = fs.readFileSync(path.join(BUNDLED_MODEL_DIR, 'onnx/model.onnx'));
  const config = JSON.parse(fs.readFileSync(path.join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8'));
  const sig = modelSignature(decodeModel(bytes), config);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  const tokenizer = createStudentTokenizer(await readTokenizerFiles(dirFileGetter(BUNDLED_MODEL_DIR)));
  const logSoftmax = await ort.InferenceSession.create(logSoftmaxModel(sig.vocabSize), { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  return { config, sig, session, tokenizer, logSoftmax };
}

/**
 * Shared by every stand-in a test file starts (a session runs calls from several at once), and
 * released with the last one that closes. Nothing of a stand-in's own — its options, counts and
 * truth — is in it.
 */
let shared: { model: ReturnType<typeof loadModel>; users: number } | undefined;

async function acquireModel() {
  shared ??= { model: loadModel(), users: 0 };
  shared.users++;
  const { model } = shared;
  let isReleased = false;
  return {
    ...(await model),
    // Once per stand-in: a test may close one mid-run and again at the end.
    release: async () => {
      if (isReleased) return;
      isReleased = true;
      if (shared?.model !== model || --shared.users > 0) return;
      shared = undefined;
      const m = await model;
      await m.session.release();
      await m.logSoftmax.release();
    },
  };
}

export async function startVllmStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const model = await acquireModel();
  const { config, sig, session, tokenizer, logSoftmax } = model;
  const fetches = ['logits', ...sig.cache.map((kv) => kv.present)];
  const v = sig.vocabSize;
  const truth = new Map<string, Int32Array>();
  const atLeastOf = new Map<string, Int32Array>();
  let completions = 0;

  /**
   * float32 log_softmax of every position, through the cache a short prompt at a time: the
   * model's logits (rounded to bf16 when asked), then logSoftmaxModel.
   */
  async function logprobsOf(ids: number[]): Promise<Float32Array[]> {
    const rows: Float32Array[] = [];
    let cache: Cache | null = null;
    for (let s = 0; s < ids.length; s += 64) {
      const chunk = ids.slice(s, s + 64);
      const out = await session.run(modelFeeds(ort, sig, { ids: chunk, start: s, rows: [], labels: [], cache }), fetches);
      cache = nextCache(sig, out);
      const logits = out.logits.data as Float32Array;
      if (options.bf16) roundToBf16(logits);
      const { lp } = await logSoftmax.run({ z: new ort.Tensor('float32', logits, [chunk.length, v]) });
      const data = lp.data as Float32Array;
      for (let r = 0; r < chunk.length; r++) rows.push(data.subarray(r * v, (r + 1) * v));
    }
    return rows;
  }

  const server = await startPromptLogprobsServer(
    {
      model: 'rsr-tiny-qwen3',
      ownedBy: 'vllm',
      version: options.version ?? '0.10.2',
      maxModelLen: options.maxModelLen ?? config.max_position_embeddings,
      maxLogprobs: options.maxLogprobs ?? 20,
      vocabSize: v,
      async score(ids, k) {
        const logprobs = await logprobsOf(ids);
        const promptLogprobs: (PositionLogprobs | null)[] = [null];
        const strict = new Int32Array(ids.length);
        const counted = new Int32Array(ids.length);
        for (let p = 1; p < ids.length; p++) {
          const lp = logprobs[p - 1];
          const target = ids[p];
          const lt = lp[target];
          let atLeast = 0;
          let above = 0;
          // One pass: the counts, and the top k (lower id first among ties).
          const top: number[] = [];
          for (let i = 0; i < v; i++) {
            const l = lp[i];
            if (l >= lt) {
              atLeast++;
              if (l > lt) above++;
            }
            if (!k || (top.length === k && l <= lp[top[k - 1]])) continue;
            let j = top.length < k ? top.length : k - 1;
            if (top.length < k) top.push(i);
            while (j > 0 && lp[top[j - 1]] < l) {
              top[j] = top[j - 1];
              j--;
            }
            top[j] = i;
          }
          strict[p] = above + 1;
          counted[p] = atLeast;
          // vllm/logprobs.py: the token first, then the top k; a dict keeps the first key's place and the last value.
          const entries = new Map<number, { logprob: number; rank: number; decoded_token: string }>();
          entries.set(target, { logprob: lt, rank: atLeast, decoded_token: tokenizer.displayText(target) });
          top.forEach((id, q) => entries.set(id, { logprob: lp[id], rank: q + 1, decoded_token: tokenizer.displayText(id) }));
          promptLogprobs.push(Object.fromEntries([...entries].map(([id, e]) => [String(id), e])));
        }
        truth.set(ids.join(','), strict);
        atLeastOf.set(ids.join(','), counted);
        return { promptLogprobs };
      },
    },
    {
      host: '127.0.0.1',
      port: 0,
      apiKey: options.apiKey,
      allowedOrigins: options.allowedOrigins ?? ['*'],
      onCompletion: () => {
        completions++;
        options.onCompletion?.(completions);
      },
    },
  );
  return {
    ...server,
    completions: () => completions,
    truth,
    atLeast: atLeastOf,
    close: async () => {
      await server.close();
      await model.release();
    },
  };
}
