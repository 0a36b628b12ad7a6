import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printable } from './terminalText';
import { UsageError } from './usageError';

/** Who holds a lock: written into the lock file as JSON. */
interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/**
 * Whether the process that wrote a lock on this machine still runs, and is still rsr-lens: signal
 * 0 tests that the pid exists (EPERM: it exists, another user's), and on Linux its command line
 * tells a reused pid from the run itself.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rsr-lens');
  } catch {
    return true;
  }
}

const ownerOf = (file: string): LockOwner | undefined => {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Number.isInteger(owner?.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Takes the lock of an output (`<out>.lock`, `<out-dir>/rsr-lens.lock`) for this run, so that two
 * runs never write one output: a second one, even with --resume, appended its own results to the
 * first one's journal (478 lines for 300 trajectories, wrong totals, an ENOENT at the end). The
 * lock file holds the owner's pid, host and start; a second run is refused while that process
 * lives, and takes over a lock whose process is gone (a kill, a crash), saying so. A lock from
 * another host (a shared file system) cannot be checked: it is refused with how to clear it.
 * Released when the run ends, also on exit by a second Ctrl-C.
 */
export function lockOutputs(files: readonly string[]): { release: () => void; notes: string[] } {
  const held: string[] = [];
  const notes: string[] = [];
  const release = () => {
    for (const file of held.splice(0)) fs.rmSync(file, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  try {
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      // Written aside, then linked into place: the lock appears with its owner in it, at once, or
      // not at all. A file system without hard links gets an exclusive create instead.
      const owner = JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() } satisfies LockOwner);
      const aside = `${file}.${process.pid}`;
      fs.writeFileSync(aside, owner);
      const create = () => {
        try {
          fs.linkSync(aside, file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
          fs.writeFileSync(file, owner, { flag: 'wx' });
        }
      };
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            create();
            held.push(file);
            break;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
            const other = ownerOf(file);
            const since = other ? ` since ${other.started}` : '';
            if (other && other.host !== os.hostname()) {
              throw new UsageError(`${file} says another rsr-lens run (pid ${other.pid} on ${printable(other.host)}${since}) is writing this output; if that run is gone, delete ${file}`, false);
            }
            if (other && isRunning(other.pid)) {
              throw new UsageError(`another rsr-lens run (pid ${other.pid}${since}) is writing this output (${file}): wait for it to end, or stop it; --resume then continues what it scored`, false);
            }
            notes.push(`took over ${file}, left by ${other ? `pid ${other.pid}, which no longer runs` : 'a run that left it unreadable'}`);
            fs.rmSync(file, { force: true });
          }
        }
      } finally {
        fs.rmSync(aside, { force: true });
      }
    }
  } catch (err) {
    release();
    throw err;
  }
  return { release, notes };
}
