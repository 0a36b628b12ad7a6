import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeStudent, loadNodeStudent } from './loadNodeStudent';
import { ortThreads } from './ortThreads';
import { UsageError } from './usageError';

describe('RSR_LENS_THREADS', () => {
  const saved = process.env.RSR_LENS_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.RSR_LENS_THREADS;
    else process.env.RSR_LENS_THREADS = saved;
  });

  it('is a whole number > 0, or unset (the runtime’s default); anything else is refused naming the variable', () => {
    delete process.env.RSR_LENS_THREADS;
    expect(ortThreads()).toBeUndefined();
    expect(ortThreads('')).toBeUndefined();
    expect(ortThreads('1')).toBe(1);
    expect(ortThreads(' 3 ')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '1e3']) {
      expect(() => ortThreads(bad), bad).toThrow(UsageError);
      expect(() => ortThreads(bad), bad).toThrow(`RSR_LENS_THREADS must be a whole number > 0 (the threads each model session may use), got "${bad}"`);
    }
  });

  it.runIf(fs.existsSync('/proc/self/task'))('sets the threads of the student’s session: each intra-op thread past the first is one more thread of this process', async () => {
    const threads = () => fs.readdirSync('/proc/self/task').length;
    const loaded: NodeStudent[] = [];
    const load = async (value: string) => {
      process.env.RSR_LENS_THREADS = value;
      loaded.push(await loadNodeStudent({ dtype: 'fp32' }));
    };
    try {
      // The first load starts what every later one shares (file reads' thread pool, the runtime's environment).
      await load('1');
      const before = threads();
      await load('1');
      expect(threads(), 'one thread: the caller’s own').toBe(before);
      await load('3');
      expect(threads(), 'three threads: two more').toBe(before + 2);
    } finally {
      for (const s of loaded) await s.scorer.release();
    }
  });
});
