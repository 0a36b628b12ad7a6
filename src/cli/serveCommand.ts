import { parseArgs } from 'node:util';
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import { DTYPES, type Dtype } from '../core/score/dtype';
import { checkDevice } from './deviceSupport';
import { type NodeDevice, loadNodeStudent } from './loadNodeStudent';
import { startPromptLogprobsServer } from './promptLogprobsServer';
import { serveEngine } from './serveEngine';
import { printable } from './terminalText';
import { UsageError } from './usageError';

/** The environment variable both `serve` and `score --server` read the key from (kept out of shell history and `ps`). */
export const API_KEY_ENV = 'RSR_LENS_API_KEY';

/**
 * Where the app itself runs by default: `npm run dev` (5173) and `npm run preview` (4173), by
 * either loopback name. Any other page must be named with --allowed-origins.
 */
export const APP_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];

export const SERVE_USAGE = `rsr-lens serve [--model DIR|HUB_ID] [--dtype ${['auto', ...DTYPES].join('|')}] [--device cpu|cuda]
               [--host 127.0.0.1] [--port 8000] [--api-key KEY] [--allowed-origins ORIGIN,...]
               [--served-model-name NAME] [--max-model-len N] [--chunk-mib 256]`;

const SERVE_OPTIONS = {
  model: { type: 'string' },
  dtype: { type: 'string', default: 'auto' },
  device: { type: 'string', default: 'cpu' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8000' },
  'api-key': { type: 'string' },
  'allowed-origins': { type: 'string' },
  'served-model-name': { type: 'string' },
  'max-model-len': { type: 'string' },
  'chunk-mib': { type: 'string', default: String(DEFAULT_CHUNK_BUDGET / 2 ** 20) },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host);

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/**
 * `rsr-lens serve`: our exact scorer (onnxruntime-node; CUDA where its provider is installed)
 * behind vLLM's prompt log-probabilities, for the app and for `score --server`. The model is fixed
 * here; requests carry token ids only. Runs until Ctrl-C or SIGTERM; `onListening` gets the URL.
 */
export async function runServe(argv: string[], onListening?: (url: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SERVE_OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(SERVE_USAGE + '\n');
    return 0;
  }
  const dtype = values.dtype!;
  if (!['auto', ...DTYPES].includes(dtype)) throw new UsageError(`--dtype must be auto, ${DTYPES.join(', ')}, got "${dtype}"`);
  if (!['cpu', 'cuda'].includes(values.device!)) throw new UsageError(`--device must be cpu or cuda, got "${values.device}"`);
  const device = values.device as NodeDevice;
  const port = wholeNumber('port', values.port!, 0);
  const apiKey = (values['api-key'] ?? process.env[API_KEY_ENV]) || undefined;
  const origins = values['allowed-origins'] ? values['allowed-origins'].split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean) : APP_ORIGINS;
  for (const o of origins) if (o !== '*' && !/^https?:\/\/[^/]+$/.test(o)) throw new UsageError(`--allowed-origins takes origins like http://localhost:5173, got "${o}"`);
  checkDevice(device);

  const student = await loadNodeStudent({ model: values.model, dtype: dtype as Dtype | 'auto', device });
  const engine = serveEngine(student, {
    servedName: values['served-model-name'],
    ...(values['max-model-len'] && { maxModelLen: wholeNumber('max-model-len', values['max-model-len'], 2) }),
    chunkBudgetBytes: Number(values['chunk-mib']) * 2 ** 20,
  });
  const server = await startPromptLogprobsServer(engine, { host: values.host!, port, apiKey, allowedOrigins: origins });
  process.stderr.write(
    `rsr-lens serve: ${printable(engine.model)} (${student.dtype}, ${student.device}, ${student.scorer.path === 'graph' ? 'in-graph' : 'JS'} scoring, ${printable(student.files.file)}) at ${server.url}\n` +
      `  POST ${server.url}/v1/completions with a prompt of token ids and prompt_logprobs ≤ ${engine.maxLogprobs}; max_model_len ${engine.maxModelLen.toLocaleString('en-US')}\n` +
      `  API key: ${apiKey ? 'required' : 'none'}; pages allowed (CORS): ${origins.join(', ')}\n`,
  );
  if (!isLoopback(values.host!) && !apiKey) process.stderr.write(`  warning: listening on ${values.host} without an API key: anyone who reaches this port can use the model\n`);
  onListening?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  await student.scorer.release();
  return 0;
}
