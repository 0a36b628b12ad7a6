import type { Page } from '@playwright/test';

/** One message between the page and a worker that carries trajectories: which way, its type, how many, how many characters of conversation. */
export interface TrajectoryMessage {
  to: 'worker' | 'page';
  type: string;
  trajectories: number;
  chars: number;
}

/**
 * Record, from the page's start, every message between the page and its workers that carries
 * trajectories (the parse worker's `records` batches, the model worker's `score` / `scorePart`
 * parts). The size of each is what decides how long the page's task to clone or receive it takes:
 * asserting the sizes asserts the batching itself, whatever the machine's load.
 */
export async function watchWorkerTraffic(page: Page): Promise<() => Promise<TrajectoryMessage[]>> {
  await page.addInitScript(() => {
    type Carrier = { type?: string; trajectories?: { messages: { content: string }[] }[] };
    const seen: { to: 'worker' | 'page'; type: string; trajectories: number; chars: number }[] = [];
    (window as unknown as { __trajectoryMessages: typeof seen }).__trajectoryMessages = seen;
    const note = (to: 'worker' | 'page', data: unknown) => {
      const d = data as Carrier | null;
      if (!d || typeof d !== 'object' || !Array.isArray(d.trajectories)) return;
      const chars = d.trajectories.reduce((n, t) => n + t.messages.reduce((m, x) => m + x.content.length, 0), 0);
      seen.push({ to, type: String(d.type), trajectories: d.trajectories.length, chars });
    };
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      note('worker', message);
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e) => note('page', e.data));
      }
    };
  });
  return () => page.evaluate(() => (window as unknown as { __trajectoryMessages: TrajectoryMessage[] }).__trajectoryMessages);
}
