import type { HubFileInfo } from './hubRepo';

/** What a downloaded file must be, and who said so (for the message). */
export interface ExpectedDownload {
  bytes?: number;
  /** Hex sha256 of the contents, where the Hub gives it (an LFS file's oid, `x-linked-etag`). */
  sha256?: string;
  /** Where `bytes` came from: "the Hub's file list", "x-linked-size", "Content-Length". */
  bytesFrom?: string;
}

/** What arrived. */
export interface ReceivedDownload {
  bytes: number;
  contentType?: string | null;
  /** Hex sha256 of what arrived, when it was computed (only when one is expected). */
  sha256?: string;
}

type HeaderGetter = (name: string) => string | null;

/**
 * What a download must be, from the most trustworthy source that says: the Hub's tree listing
 * (size, and an LFS file's sha256), then the resolve response's `x-linked-size` / `x-linked-etag`
 * (the Hub's headers for LFS files, on the redirect or the answer), then `Content-Length` — which
 * counts the encoded body, so it is used only when the body is not content-encoded.
 */
export function expectedDownload(listed: HubFileInfo | undefined, headers: HeaderGetter[]): ExpectedDownload {
  const header = (name: string) => headers.map((h) => h(name)).find((v) => v !== null && v !== undefined) ?? null;
  const size = (v: string | null) => (v !== null && /^\d+$/.test(v.trim()) ? Number(v) : undefined);
  const etag = header('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '').trim();
  const sha256 = listed?.sha256 ?? (etag && /^[0-9a-f]{64}$/.test(etag) ? etag : undefined);
  if (listed) return { bytes: listed.size, bytesFrom: "the Hub's file list", ...(sha256 && { sha256 }) };
  const linked = size(header('x-linked-size'));
  if (linked !== undefined) return { bytes: linked, bytesFrom: 'x-linked-size', ...(sha256 && { sha256 }) };
  const encoded = (header('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  const length = encoded ? undefined : size(header('content-length'));
  return { ...(length !== undefined && { bytes: length, bytesFrom: 'Content-Length' }), ...(sha256 && { sha256 }) };
}

/**
 * Why a downloaded file must not be kept; undefined when it matches what was expected. A server
 * that stops early with no Content-Length, or answers a missing file with an HTML page and 200,
 * would otherwise leave a damaged file in the cache, used as it is on every later run.
 */
export function downloadProblem(file: string, received: ReceivedDownload, expected: ExpectedDownload): string | undefined {
  const isHtml = /^\s*text\/html/i.test(received.contentType ?? '') && !/\.html?$/i.test(file);
  if (isHtml) return `the server answered ${file} with an HTML page (an error or login page?), not the file`;
  if (expected.bytes !== undefined && received.bytes !== expected.bytes) {
    const what = received.bytes < expected.bytes ? 'cut short' : 'longer than announced';
    return `the download of ${file} was ${what}: ${received.bytes.toLocaleString('en-US')} bytes arrived, ${expected.bytesFrom ?? 'the server'} says ${expected.bytes.toLocaleString('en-US')}`;
  }
  if (expected.sha256 && received.sha256 && received.sha256 !== expected.sha256) {
    return `the download of ${file} is damaged: its sha256 is ${received.sha256}, the Hub lists ${expected.sha256}`;
  }
  return undefined;
}
