import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isMixedContent, postCompletion, probeServer, serverBaseUrl } from './serverClient';

/** A bare HTTP server answering with `handler` (no model: these tests are about HTTP). */
async function fakeServer(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

let servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});
const serve = async (handler: http.RequestListener) => {
  const s = await fakeServer(handler);
  servers.push(s);
  return s.url;
};

describe('serverClient', () => {
  it('serverBaseUrl takes a base or a /v1 URL, and refuses a key in the URL', () => {
    expect(serverBaseUrl('http://gpu1:8000/v1/')).toBe('http://gpu1:8000');
    expect(serverBaseUrl(' https://h/x ')).toBe('https://h/x');
    expect(() => serverBaseUrl('http://me:secret@gpu1:8000')).toThrow(/put the key in --api-key, not in the URL/);
    expect(() => serverBaseUrl('gpu1:8000')).toThrow(/not an http\(s\) URL/);
  });

  it('probeServer reads vLLM’s model card and /version, and sends the key as a Bearer header', async () => {
    let auth: string | undefined;
    const url = await serve((req, res) => {
      auth = req.headers.authorization;
      if (req.url === '/v1/models') return json(res, 200, { data: [{ id: 'Qwen/Qwen3-8B', owned_by: 'vllm', max_model_len: 32768 }] });
      if (req.url === '/version') return json(res, 200, { version: '0.11.0' });
      json(res, 404, { detail: 'Not Found' });
    });
    const info = await probeServer({ url, apiKey: 'k' });
    expect(info).toEqual({ url, engine: 'vllm', version: '0.11.0', model: 'Qwen/Qwen3-8B', maxModelLen: 32768, rankSemantics: 'vllm', maxLogprobs: 20, canPickPositions: false });
    expect(auth).toBe('Bearer k');
  });

  it('probeServer takes the one model a server lists, or the one named when it lists several (LoRA adapters beside the base)', async () => {
    const url = await serve((req, res) =>
      req.url === '/v1/models' ? json(res, 200, { data: [{ id: 'base', root: 'Qwen/Qwen3-8B' }, { id: 'my-lora', root: '/adapters/x' }] }) : json(res, 404, {}),
    );
    expect((await probeServer({ url }, { model: 'Qwen/Qwen3-8B' })).model).toBe('base');
    expect((await probeServer({ url }, { model: 'my-lora' })).model).toBe('my-lora');
    await expect(probeServer({ url })).rejects.toThrow(`${url} serves 2 models (base, my-lora): name the student as one of them (--model in the CLI, the tokenizer's Hub id in the app)`);
  });

  it('a request that gets no answer in time is a timeout, whatever the machine is doing', async () => {
    const url = await serve(() => {}); // never answers
    await expect(postCompletion({ url }, {}, { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout', message: `${url}/v1/completions: no answer within 0.2 s (timeout)` });
  });

  it('401, 5xx, a context overflow and a logprobs limit each become their own kind of error', async () => {
    const answers: [number, unknown][] = [
      [401, { error: 'Unauthorized' }],
      [500, { error: { message: 'CUDA out of memory' } }],
      [400, { error: { message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens" } }],
      [400, { object: 'error', message: 'Requested prompt logprobs of 20, which is greater than max allowed: 5', code: 400 }],
    ];
    let i = 0;
    const url = await serve((_, res) => json(res, ...answers[i++]));
    const post = () => postCompletion({ url }, {}, {}).catch((e) => e);
    expect(await post()).toMatchObject({ kind: 'auth', message: `${url} refused the request (401 Unauthorized): it needs an API key` });
    expect(await post()).toMatchObject({ kind: 'failed', message: `${url}/v1/completions: the server failed (500: CUDA out of memory)` });
    expect(await post()).toMatchObject({ kind: 'row', message: expect.stringMatching(/^longer than the server's context: This model's maximum context length is 4096/) });
    expect(await post()).toMatchObject({ kind: 'limit', limit: 5 });
  });

  it('isMixedContent(url, page) is an https page calling an http:// server that is not on loopback', () => {
    expect(isMixedContent('http://gpu1:8000', 'https://lens.example.org/')).toBe(true);
    expect(isMixedContent('https://gpu1:8000', 'https://lens.example.org/')).toBe(false);
    expect(isMixedContent('http://127.0.0.1:8000', 'https://lens.example.org/')).toBe(false);
    expect(isMixedContent('http://localhost:8000/v1', 'https://lens.example.org/')).toBe(false);
    expect(isMixedContent('http://gpu1:8000', 'http://localhost:4173/')).toBe(false);
  });

  it('a failure without an answer from a browser page explains mixed content and CORS', async () => {
    const err = await postCompletion({ url: 'http://gpu1.invalid:8000' }, {}, { pageUrl: 'https://lens.example.org/' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/this page is served over https, and browsers block its requests to an http:\/\/ server \(mixed content\)/) });
    const port = await serve(() => {}).then((u) => u.replace(/.*:/, ''));
    await servers.pop()!.close();
    const cors = (await postCompletion({ url: `http://127.0.0.1:${port}` }, {}, { pageUrl: 'http://localhost:4173/' }).catch((e) => e)) as Error;
    expect(cors.message).toMatch(/cannot reach .* — the server is down, or it does not let http:\/\/localhost:4173 in \(CORS: .*rsr-lens serve needs --allowed-origins http:\/\/localhost:4173\)/);
  });
});
