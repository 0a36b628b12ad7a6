import { formatSize } from '../core/score/deviceLimits';

/** One state of a long step: how far, in what unit, how fast, how long left. */
export interface ProgressState {
  done: number;
  total: number;
  /** 'tokens' (scoring, counted exactly before it starts) or 'bytes' (a download). */
  unit: 'tokens' | 'bytes';
  /** Units per second, when known. */
  rate?: number;
  /** Time left as etaText writes it ('3m–5m', 'more than 2m', …), when known. */
  eta?: string;
  label: string;
}

/**
 * Progress on stderr: on a terminal, one bar redrawn in place (tokens/s and ETA); written to a
 * file or a pipe, a plain line every 10 s and no control characters, so a log of a day-long job
 * has a few thousand readable lines, not a bar per update. The percentage is done / total of the
 * unit: for scoring, tokens counted before the first is scored, so it moves with every chunk.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  let lastPhase = '';
  return {
    update({ done, total, unit, rate, eta, label }: ProgressState) {
      const now = Date.now();
      // A new phase (downloading, counting, scoring) shows at once; within one, at most every 100 ms (10 s to a log).
      const phase = total ? unit : 'counting';
      if (phase === lastPhase && now - last < (stream.isTTY ? 100 : 10_000)) return;
      last = now;
      lastPhase = phase;
      // Before a total is known (counting), only what is being done.
      if (!total) {
        stream.write(stream.isTTY ? `\r${label.slice(0, (stream.columns ?? 120) - 1)}\x1b[K` : `progress ${label}\n`);
        return;
      }
      const frac = Math.min(1, done / total);
      const amount = unit === 'bytes' ? `${formatSize(done)}/${formatSize(total)}` : `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} tokens`;
      const speed = rate === undefined ? '' : unit === 'bytes' ? `  ${formatSize(rate)}/s` : `  ${rate.toFixed(0)} tok/s`;
      const figures = `${amount}${speed}${eta === undefined ? '' : `  ETA ${eta}`}  ${label}`;
      if (!stream.isTTY) {
        stream.write(`progress ${(frac * 100).toFixed(1)}%  ${figures}\n`);
        return;
      }
      const width = 24;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const text = `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${figures}`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}

/** A duration as the CLI prints it: 45s, 3m05s, 2h10m. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(Math.round(s % 60)).padStart(2, '0');
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${sec}s` : `${Math.round(s)}s`;
}
