/** A one-line progress bar on stderr: tokens/s and ETA; plain periodic lines when stderr is not a terminal. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return {
    update(done: number, total: number, tokensPerSecond: number, label: string) {
      const now = Date.now();
      if (now - last < (stream.isTTY ? 100 : 5000)) return;
      last = now;
      const frac = total ? Math.min(1, done / total) : 0;
      const width = 24;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const eta = tokensPerSecond > 0 ? Math.max(0, (total - done) / tokensPerSecond) : NaN;
      const text = `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} tokens  ${tokensPerSecond.toFixed(0)} tok/s  ETA ${formatSeconds(eta)}  ${label}`;
      stream.write(stream.isTTY ? `\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K` : text + '\n');
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}
