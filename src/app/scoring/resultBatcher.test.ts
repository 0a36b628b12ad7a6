import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resultBatcher } from './resultBatcher';

describe('resultBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resultBatcher commits what arrived within flushMs of the first entry as one batch, in order', () => {
    const batches: number[][] = [];
    const b = resultBatcher<number>(async (batch) => void batches.push(batch), 250);
    b.add(1);
    vi.advanceTimersByTime(100);
    b.add(2);
    b.add(3);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(batches).toEqual([[1, 2, 3]]);
    b.add(4);
    vi.advanceTimersByTime(250);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('resultBatcher.flush() commits at once, and not again when its timer would have fired', () => {
    const batches: number[][] = [];
    const b = resultBatcher<number>(async (batch) => void batches.push(batch), 250);
    b.add(1);
    b.flush();
    expect(batches).toEqual([[1]]);
    vi.advanceTimersByTime(1000);
    b.flush();
    expect(batches).toEqual([[1]]);
  });

  it('resultBatcher.settled() waits for every commit started so far', async () => {
    const writes: (() => void)[] = [];
    const b = resultBatcher<number>(() => new Promise<void>((resolve) => writes.push(resolve)), 250);
    b.add(1);
    b.flush();
    b.add(2);
    b.flush();
    let isSettled = false;
    const settled = b.settled().then(() => (isSettled = true));
    writes[0]();
    await Promise.resolve();
    expect(isSettled).toBe(false);
    writes[1]();
    await settled;
    expect(isSettled).toBe(true);
  });
});
