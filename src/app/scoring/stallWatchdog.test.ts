import { describe, expect, it } from 'vitest';
import { stallWatchdog } from './stallWatchdog';

describe('stallWatchdog', () => {
  it('reliability: stallWatchdog takes a worker silent past the bound as stalled, and any word as alive', () => {
    const w = stallWatchdog(60_000, 10);
    w.start(0);
    expect(w.isStalled(59_000)).toBe(false);
    w.heard(1_000);
    expect(w.isStalled(61_000)).toBe(false);
    expect(w.isStalled(61_001)).toBe(true);
  });

  it('stallWatchdog stretches the bound to factor × the longest silence seen, so a slow model is not taken as stalled', () => {
    const w = stallWatchdog(60_000, 10);
    w.start(0);
    w.heard(20_000);
    expect(w.bound()).toBe(200_000);
    expect(w.isStalled(20_000 + 150_000)).toBe(false);
    expect(w.isStalled(20_000 + 200_001)).toBe(true);
  });

  it('stallWatchdog says nothing before start or after stop, and start forgets the last run', () => {
    const w = stallWatchdog(1_000, 10);
    expect(w.isStalled(1e9)).toBe(false);
    w.start(0);
    w.heard(50_000);
    w.stop();
    expect(w.isStalled(1e9)).toBe(false);
    w.start(100);
    expect(w.bound()).toBe(1_000);
  });
});
