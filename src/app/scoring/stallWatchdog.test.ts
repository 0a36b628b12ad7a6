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

describe('stallWatchdog.busy', () => {
  it('reliability: a worker that announced a long tokenization is not taken as stalled while it tokenizes, and is once its allowance is spent', () => {
    const w = stallWatchdog(60_000, 10);
    w.start(0);
    w.heard(1_000);
    w.busy(2_000, 300_000);
    expect(w.isStalled(2_000 + 120_000)).toBe(false);
    expect(w.isStalled(2_000 + 299_000)).toBe(false);
    expect(w.isStalled(2_000 + 300_001)).toBe(true);
  });

  it('stallWatchdog.busy: the announced silence does not stretch the bound for the rest of the run', () => {
    const w = stallWatchdog(60_000, 10);
    w.start(0);
    w.busy(1_000, 300_000);
    w.heard(1_000 + 200_000);
    expect(w.bound()).toBe(60_000);
    expect(w.isStalled(201_000 + 60_001)).toBe(true);
  });

  it('stallWatchdog.busy never shortens the bound a slow model earned', () => {
    const w = stallWatchdog(60_000, 10);
    w.start(0);
    w.heard(30_000);
    w.busy(30_000, 1_000);
    expect(w.bound()).toBe(300_000);
  });
});
