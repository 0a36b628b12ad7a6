import fs from 'node:fs';
import { tsvText } from '../core/export/tsvCell';
import type { InputError } from '../core/types';
import { writeFailure } from './writeFailure';

/**
 * Rows that could not be read or scored (or that were scored with a caveat), kept in bounded
 * memory: counted, the first `keep` held for the terminal, and — once there are more than that and
 * a `file` is given — every one of them streamed to that file as TSV (`file`, `line`, `reason`).
 * Ten million bad lines once grew a list to 4.7 GB and crashed the CLI before it wrote any list.
 */
export interface RowLog {
  add(error: InputError): void;
  /** How many were added. */
  readonly count: number;
  /** The first `keep`, in order. */
  readonly first: readonly InputError[];
  /** The file holding all of them, when there were more than `keep`. */
  readonly file: string | undefined;
  /** Ends the file; a list from an earlier run at `file` that this run does not need is removed. */
  close(): void;
}

export function rowLog({ keep, file }: { keep: number; file?: string }): RowLog {
  const first: InputError[] = [];
  let count = 0;
  let fd: number | undefined;
  let isClosed = false;
  // Rows waiting to be written: one write per 64 kB, not one per row (a million rows, a million calls).
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (!pending.length) return;
    try {
      fs.writeSync(fd!, pending.join(''));
    } catch (err) {
      throw writeFailure(err, file!);
    }
    pending = [];
    pendingChars = 0;
  };
  const write = (rows: readonly InputError[], header: boolean) => {
    const text = tsvText(['file', 'line', 'reason'], rows.map((e) => [e.file, e.line, e.reason]));
    pending.push(header ? text : text.slice(text.indexOf('\n') + 1));
    pendingChars += text.length;
    if (pendingChars > 65536) flush();
  };
  return {
    add(error) {
      count++;
      if (first.length < keep) {
        first.push(error);
        return;
      }
      if (!file) return;
      if (fd === undefined) {
        try {
          fd = fs.openSync(file, 'w');
        } catch (err) {
          throw writeFailure(err, file);
        }
        write(first, true);
      }
      write([error], false);
    },
    get count() {
      return count;
    },
    first,
    get file() {
      return fd === undefined ? undefined : file;
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      if (fd !== undefined) {
        try {
          flush();
        } finally {
          fs.closeSync(fd);
        }
      } else if (file) fs.rmSync(file, { force: true });
    },
  };
}
