import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * `vite preview` of the build in dist/ (with the app's COOP/COEP headers) on `port`, or on a free
 * port when none is given, once it answers.
 */
export async function startPreview(port?: number): Promise<{ url: string; server: ChildProcess; stop: () => void }> {
  const listen = port ?? (await freePort());
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(listen), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://localhost:${listen}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return { url, server, stop: () => server.kill() };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}
