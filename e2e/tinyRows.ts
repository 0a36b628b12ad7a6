import fs from 'node:fs';
import path from 'node:path';

/**
 * A JSONL file of `rows` tiny records (a few characters of conversation each) in `dir`, written in
 * pieces: the input whose row count, not its bytes, must not stall the page (e2e reliability, bench:browser).
 */
export function tinyRowsFile(dir: string, rows: number): string {
  const file = path.join(dir, `tiny-${rows}.jsonl`);
  const fd = fs.openSync(file, 'w');
  try {
    for (let start = 0; start < rows; start += 10_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(rows, start + 10_000); i++) lines.push(`{"id":"t${i}","teacher":"t${i % 3}","messages":[{"role":"user","content":"q${i}"},{"role":"assistant","content":"a${i}"}]}\n`);
      fs.writeSync(fd, lines.join(''));
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}
