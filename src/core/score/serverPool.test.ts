import { describe, expect, it } from 'vitest';
import { CancelledError } from './scoreConversation';
import { ServerError } from './serverClient';
import { ServersLostError, serverPool } from './serverPool';

/** A fake server: answers `key@name` after the test releases the request (or fails as told). */
function fakeServers(names: string[]) {
  const started: { server: string; key: string; release: (v?: string) => void; fail: (e: unknown) => void; signal: AbortSignal }[] = [];
  const run = (key: string) => (server: string, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      started.push({ server, key, signal, release: (v) => resolve(v ?? `${key}@${server}`), fail: reject });
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { names, started, run, tick };
}

describe('serverPool', () => {
  it('serverPool keeps inFlight requests on each server and takes the longest waiting one first', async () => {
    const f = fakeServers(['a', 'b']);
    const pool = serverPool(f.names, { inFlight: 1, order: 'longest', nameOf: (s) => s });
    const results = [10, 50, 30, 40].map((size) => pool.submit({ key: `k${size}`, size, run: f.run(`k${size}`) }));
    await f.tick();
    // Two slots: the first two submitted fill them as they come; then the longest of what waits.
    expect(f.started.map((s) => s.key)).toEqual(['k10', 'k50']);
    f.started[0].release();
    await f.tick();
    expect(f.started.map((s) => s.key)).toEqual(['k10', 'k50', 'k40']);
    for (const s of f.started.slice(1)) s.release();
    await f.tick();
    f.started[3].release();
    expect(await Promise.all(results)).toEqual(['k10@a', 'k50@b', 'k30@b', 'k40@a']);
  });

  it('serverPool answers a request with the key of one in progress once (idempotent by content)', async () => {
    const f = fakeServers(['a']);
    const pool = serverPool(f.names, { inFlight: 2, order: 'fifo', nameOf: (s) => s });
    const one = pool.submit({ key: 'same', size: 1, run: f.run('same') });
    const two = pool.submit({ key: 'same', size: 1, run: f.run('same') });
    await f.tick();
    expect(f.started).toHaveLength(1);
    f.started[0].release();
    expect(await Promise.all([one, two])).toEqual(['same@a', 'same@a']);
  });

  it('serverPool drops a server that cannot be reached and moves its requests to the others', async () => {
    const f = fakeServers(['a', 'b']);
    const dropped: string[] = [];
    const pool = serverPool(f.names, { inFlight: 1, order: 'fifo', nameOf: (s) => s, onDropped: (_, why) => dropped.push(why) });
    const results = ['x', 'y', 'z'].map((key) => pool.submit({ key, size: 1, run: f.run(key) }));
    await f.tick();
    f.started[0].fail(new ServerError('cannot reach a: ECONNREFUSED', 'unreachable'));
    await f.tick();
    expect(dropped).toEqual(['a dropped: cannot reach a: ECONNREFUSED']);
    expect(pool.live()).toEqual(['b']);
    // b finishes y, then takes x (moved to the front) before z.
    f.started[1].release();
    await f.tick();
    expect(f.started.map((s) => `${s.key}@${s.server}`)).toEqual(['x@a', 'y@b', 'x@b']);
    f.started[2].release();
    await f.tick();
    f.started[3].release();
    expect(await Promise.all(results)).toEqual(['x@b', 'y@b', 'z@b']);
  });

  it('serverPool skips a row the server rejects for itself, and keeps the server', async () => {
    const f = fakeServers(['a']);
    const pool = serverPool(f.names, { inFlight: 1, order: 'fifo', nameOf: (s) => s });
    const long = pool.submit({ key: 'long', size: 9, run: f.run('long') });
    const short = pool.submit({ key: 'short', size: 1, run: f.run('short') });
    await f.tick();
    f.started[0].fail(new ServerError('longer than the server’s context', 'row'));
    await expect(long).rejects.toMatchObject({ kind: 'row' });
    await f.tick();
    f.started[1].release();
    expect(await short).toBe('short@a');
    expect(pool.live()).toEqual(['a']);
  });

  it('serverPool retries a timeout elsewhere, drops a server after two failures in a row, and fails a request after three tries', async () => {
    const f = fakeServers(['a', 'b']);
    const pool = serverPool(f.names, { inFlight: 1, order: 'fifo', nameOf: (s) => s });
    const result = pool.submit({ key: 'slow', size: 1, run: f.run('slow') });
    const timeout = () => new ServerError('no answer within 1 s (timeout)', 'timeout');
    await f.tick();
    f.started[0].fail(timeout()); // a: strike 1, try 1
    await f.tick();
    f.started[1].fail(timeout()); // a or b: try 2
    await f.tick();
    f.started[2].fail(timeout()); // try 3: the row fails
    await expect(result).rejects.toThrow(/failed 3 times \(last: no answer within 1 s \(timeout\)\)/);
    expect(pool.dropped().some((d) => /after 2 failures in a row/.test(d))).toBe(true);
  });

  it('serverPool fails every waiting request with ServersLostError when the last server goes', async () => {
    const f = fakeServers(['a']);
    const pool = serverPool(f.names, { inFlight: 1, order: 'fifo', nameOf: (s) => s });
    const results = ['x', 'y'].map((key) => pool.submit({ key, size: 1, run: f.run(key) }));
    await f.tick();
    f.started[0].fail(new ServerError('a refused the request (401 Unauthorized): the API key is wrong', 'auth'));
    for (const r of results) await expect(r).rejects.toBeInstanceOf(ServersLostError);
    await expect(pool.submit({ key: 'z', size: 1, run: f.run('z') })).rejects.toThrow(/no server is left to score with: a dropped: a refused the request \(401/);
  });

  it('serverPool.cancel aborts what is in flight, fails what waits, and takes new requests after', async () => {
    const f = fakeServers(['a']);
    const pool = serverPool(f.names, { inFlight: 1, order: 'fifo', nameOf: (s) => s });
    const results = ['x', 'y'].map((key) => pool.submit({ key, size: 1, run: f.run(key) }));
    await f.tick();
    pool.cancel();
    expect(f.started[0].signal.aborted).toBe(true);
    for (const r of results) await expect(r).rejects.toBeInstanceOf(CancelledError);
    const again = pool.submit({ key: 'x', size: 1, run: f.run('x') });
    await f.tick();
    f.started[1].release();
    expect(await again).toBe('x@a');
  });
});
