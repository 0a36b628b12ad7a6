import { describe, expect, it } from 'vitest';
import { syncedScrollTop } from './syncedScrollTop';

describe('syncedScrollTop', () => {
  it('syncedScrollTop(from, to) keeps the same fraction of the scrollable range', () => {
    expect(syncedScrollTop({ scrollTop: 250, scrollHeight: 1100, clientHeight: 100 }, { scrollHeight: 2100, clientHeight: 100 })).toBe(500);
  });
  it('syncedScrollTop reaches the end of both together', () => {
    expect(syncedScrollTop({ scrollTop: 1000, scrollHeight: 1100, clientHeight: 100 }, { scrollHeight: 400, clientHeight: 100 })).toBe(300);
  });
  it('syncedScrollTop from or to an element that cannot scroll is 0', () => {
    expect(syncedScrollTop({ scrollTop: 0, scrollHeight: 100, clientHeight: 100 }, { scrollHeight: 900, clientHeight: 100 })).toBe(0);
    expect(syncedScrollTop({ scrollTop: 50, scrollHeight: 200, clientHeight: 100 }, { scrollHeight: 80, clientHeight: 100 })).toBe(0);
  });
});
