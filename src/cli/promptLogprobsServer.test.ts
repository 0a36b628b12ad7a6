import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PromptLogprobsEngine, type RunningServer, startPromptLogprobsServer } from './promptLogprobsServer';

/** An engine without a model: these tests are about the HTTP contract. */
const engine: PromptLogprobsEngine = {
  model: 'student',
  ownedBy: 'rsr-lens',
  version: '9.9.9',
  maxModelLen: 8,
  maxLogprobs: 5,
  vocabSize: 100,
  card: { rsr_lens: { rank: 'strict' } },
  score: async (ids) => ({ promptLogprobs: ids.map((id, p) => (p ? { [String(id)]: { logprob: -1, rank: 1 } } : null)) }),
};

describe('promptLogprobsServer', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startPromptLogprobsServer(engine, { host: '127.0.0.1', port: 0, apiKey: 'k', allowedOrigins: ['http://localhost:4173'] });
  });
  afterAll(() => server.close());
  const post = (body: unknown, headers: Record<string, string> = { Authorization: 'Bearer k' }) =>
    fetch(`${server.url}/v1/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers a prompt of ids with vLLM’s response shape: prompt_logprobs null first, the ids echoed, the usage counted', async () => {
    const res = await post({ model: 'student', prompt: [1, 2, 3], max_tokens: 1, prompt_logprobs: 5 });
    const body = await res.json();
    expect(body.choices[0]).toMatchObject({ prompt_token_ids: [1, 2, 3], prompt_logprobs: [null, { '2': { logprob: -1, rank: 1 } }, { '3': { logprob: -1, rank: 1 } }] });
    expect(body.usage.prompt_tokens).toBe(3);
  });

  it('guards /v1 with the key as vLLM does, and leaves /version and /health open', async () => {
    expect((await post({ prompt: [1, 2] }, {})).status).toBe(401);
    expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
    expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ version: '9.9.9' });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('refuses text, another model, too many alternatives and a prompt past max_model_len, in vLLM’s words', async () => {
    const message = async (body: unknown) => (await (await post(body)).json()).error.message;
    expect(await message({ prompt: 'hello' })).toMatch(/token ids .* never text/);
    expect(await message({ model: 'other', prompt: [1, 2] })).toBe('The model `other` does not exist.');
    expect(await message({ prompt: [1, 2], prompt_logprobs: 6 })).toBe('Requested prompt logprobs of 6, which is greater than max allowed: 5');
    expect(await message({ prompt: [1, 2, 3, 4, 5, 6, 7, 8], max_tokens: 1 })).toMatch(/^This model's maximum context length is 8 tokens\. However, you requested 9 tokens/);
    expect(await message({ prompt: [1, 200] })).toMatch(/token id 200 is out of vocabulary/);
  });

  it('answers CORS for the origins it is given (with Chrome’s private-network preflight), and for no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/completions`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type', 'Access-Control-Request-Private-Network': 'true' } });
    const allowed = await preflight('http://localhost:4173');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4173');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-private-network')).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(await other.text()).toMatch(/--allowed-origins https:\/\/evil\.example/);
  });
});

describe('promptLogprobsServer: a client that goes away', () => {
  it('tells the engine, so it stops scoring between chunks (the app’s Cancel aborts its requests)', async () => {
    let sawCancel = false;
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const slow: PromptLogprobsEngine = {
      ...engine,
      score: async (_ids, _k, _positions, isCancelled) => {
        started();
        for (let i = 0; i < 500 && !isCancelled(); i++) await new Promise((r) => setTimeout(r, 10));
        sawCancel = isCancelled();
        return { promptLogprobs: [] };
      },
    };
    const server = await startPromptLogprobsServer(slow, { host: '127.0.0.1', port: 0, allowedOrigins: [] });
    try {
      const abort = new AbortController();
      const request = fetch(`${server.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ prompt: [1, 2], max_tokens: 1 }), signal: abort.signal }).catch((e) => e);
      await isStarted;
      abort.abort();
      await request;
      for (let i = 0; i < 200 && !sawCancel; i++) await new Promise((r) => setTimeout(r, 10));
      expect(sawCancel).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('rsr-lens serve (the command)', () => {
  it('listens on 127.0.0.1 by default and lets only the app’s own origins in', async () => {
    const child = spawn(process.execPath, [path.resolve('bin/rsr-lens.mjs'), 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /at (http:\/\/[^\s]+)\n/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('close', () => reject(new Error(stderr)));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(stderr).toContain('pages allowed (CORS): http://localhost:5173, http://127.0.0.1:5173, http://localhost:4173, http://127.0.0.1:4173');
      const models = await (await fetch(`${url}/v1/models`, { headers: { Origin: 'http://localhost:5173' } })).json();
      expect(models.data[0]).toMatchObject({ id: 'rsr-tiny-qwen3', owned_by: 'rsr-lens', rsr_lens: { rank: 'strict', dtype: 'fp32', file: 'onnx/model.onnx' } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
