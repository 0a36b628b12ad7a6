import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/rsr-lens.mjs', import.meta.url));

/** `rsr-lens serve` in a child process on a free port; resolves with its URL once it listens (its own stderr line says where). */
export async function startServe(...args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /at (http:\/\/\S+)\n/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('close', (code) => reject(new Error(`rsr-lens serve exited (${code}): ${stderr}`)));
  });
  return { url, child };
}

/** Stop a serve started here (SIGTERM: it closes its port and exits). */
export function stopServe(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('close', () => resolve());
    child.kill('SIGTERM');
  });
}
