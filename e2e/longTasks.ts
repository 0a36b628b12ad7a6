import type { Page } from '@playwright/test';

/** A main-thread task of 50 ms or more, with the scripts the browser saw run in its frame. */
export interface LongTask {
  ms: number;
  scripts: string[];
}

type Seen = { __longTasks: { ms: number; at: number }[]; __frames: { at: number; end: number; scripts: string[] }[] };

/** Runs in the page (self-contained): record long tasks and long animation frames from now on. */
function observe(): void {
  const w = window as unknown as Seen;
  w.__longTasks = [];
  w.__frames = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push({ ms: e.duration, at: e.startTime }))).observe({ type: 'longtask' });
  new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => {
      const scripts = ((e as unknown as { scripts?: { invoker: string; sourceFunctionName: string; duration: number }[] }).scripts ?? []).map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`);
      w.__frames.push({ at: e.startTime, end: e.startTime + e.duration, scripts });
    }),
  ).observe({ type: 'long-animation-frame' });
}

/** Runs in the page: the long tasks recorded since `observe` ran in this document. */
function recorded(): LongTask[] {
  const w = window as unknown as Seen;
  return w.__longTasks.map((t) => ({ ms: Math.round(t.ms), scripts: w.__frames.filter((f) => f.at <= t.at + 1 && f.end >= t.at).flatMap((f) => f.scripts) }));
}

/**
 * Start recording the page's long tasks (PerformanceObserver 'longtask'), with the scripts of
 * the long animation frames around them for the failure message. An absence of long tasks is
 * behaviour — the page answers a click within a frame or so — not a timing benchmark.
 */
export async function watchLongTasks(page: Page): Promise<() => Promise<LongTask[]>> {
  await page.evaluate(observe);
  return () => page.evaluate(recorded);
}

/**
 * The same, from the start of every document the page opens — a reload included, where the app
 * restores its session before any test step could run. The reader returns the current document's
 * long tasks: read it before the page navigates away.
 */
export async function watchLongTasksFromStart(page: Page): Promise<() => Promise<LongTask[]>> {
  await page.addInitScript(observe);
  return () => page.evaluate(recorded);
}
