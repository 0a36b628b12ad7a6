import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** How the stand-in Hub misbehaves for one file of a repo. */
export type Fault =
  /** Half the bytes, no Content-Length, and a clean end: the client cannot tell from the transfer. */
  | 'cut'
  /** A 200 with an HTML page, as a misconfigured mirror or an SPA fallback answers. */
  | 'html'
  /** The Hub's LFS answer: a 302 carrying x-linked-size and x-linked-etag, then the bytes cut as above. */
  | 'redirect-cut';

export interface StandInRepo {
  /** A folder whose files the repo serves. */
  dir: string;
  /** Whether the tree API answers (huggingface.co does; some mirrors do not). */
  tree?: boolean;
  faults?: Record<string, Fault>;
}

const filesOf = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'));

/**
 * A stand-in for huggingface.co on 127.0.0.1 (HF_ENDPOINT points the CLI at it): the tree API,
 * `/<id>/resolve/<rev>/<file>` with the Hub's 404s (`x-error-code: RepoNotFound` / `EntryNotFound`),
 * LFS-style redirects, and the faults a download must survive. Records every path asked for.
 */
export async function standInHub(repos: Record<string, StandInRepo>) {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    asked.push(decodeURIComponent(url.pathname) + url.search);
    const tree = /^\/api\/models\/([^/]+\/[^/]+|[^/]+)\/tree\/[^/]+$/.exec(url.pathname);
    if (tree) {
      const repo = repos[tree[1]];
      if (!repo) return void res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end('{"error":"Repository not found"}');
      if (!repo.tree) return void res.writeHead(404).end('no such API here');
      const entries = filesOf(repo.dir).map((f) => {
        const bytes = fs.readFileSync(path.join(repo.dir, f));
        return { type: 'file', path: f, size: bytes.length, ...(bytes.length > 1e6 && { lfs: { size: bytes.length, oid: createHash('sha256').update(bytes).digest('hex') } }) };
      });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entries));
    }
    const blob = /^\/blobs\/(.+?)\/(.+)$/.exec(url.pathname);
    if (blob) {
      const bytes = fs.readFileSync(path.join(repos[decodeURIComponent(blob[1])].dir, decodeURIComponent(blob[2])));
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(bytes.subarray(0, bytes.length >> 1));
    }
    const resolve = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(url.pathname);
    const id = resolve && decodeURIComponent(resolve[1]);
    const repo = id ? repos[id] : undefined;
    if (!resolve || !repo) return void res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end('Repository not found');
    const file = decodeURIComponent(resolve[2]);
    const onDisk = path.join(repo.dir, file);
    if (url.search || path.relative(repo.dir, onDisk).startsWith('..') || !fs.existsSync(onDisk)) {
      return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
    }
    const bytes = fs.readFileSync(onDisk);
    const fault = repo.faults?.[file];
    if (fault === 'html') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Sign in</title>');
    if (fault === 'redirect-cut') {
      const sha = createHash('sha256').update(bytes).digest('hex');
      return void res.writeHead(302, { location: `/blobs/${encodeURIComponent(id!)}/${resolve[2]}`, 'x-linked-size': String(bytes.length), 'x-linked-etag': `"${sha}"` }).end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(fault !== 'cut' && { 'content-length': String(bytes.length) }) });
    res.end(fault === 'cut' ? bytes.subarray(0, bytes.length >> 1) : bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
