/**
 * Progress on stderr: on a terminal, one bar redrawn in place (tokens/s and ETA); written to a
 * file or a pipe, a plain line every 10 s and no control characters, so a log of a day-long job
 * has a few thousand readable lines, not a bar per update.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return {
    update(done: number, total: number, tokensPerSecond: number, label: string) {
      const now = Date.now();
      if (now - last < (stream.isTTY ? 100 : 10_000)) return;
      last = now;
      const frac = total ? Math.min(1, done / total) : 0;
      const eta = tokensPerSecond > 0 ? Math.max(0, (total - done) / tokensPerSecond) : NaN;
      const figures = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} tokens  ${tokensPerSecond.toFixed(0)} tok/s  ETA ${formatSeconds(eta)}  ${label}`;
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

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(Math.round(s % 60)).padStart(2, '0');
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${sec}s` : `${Math.round(s)}s`;
}
