/**
 * Read a response body chunk by chunk so the app can show bytes per file. `total` is 0 when the
 * server sends no Content-Length (the bar then shows bytes only). With a Content-Length the bytes
 * go straight into one buffer of that size: no list of chunks copied together at the end, which for
 * a 2 GB weight file would hold it twice.
 */
export async function readWithProgress(response: Response, onBytes: (loaded: number, total: number) => void): Promise<Uint8Array> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) {
    const buf = new Uint8Array(await response.arrayBuffer());
    onBytes(buf.length, buf.length);
    return buf;
  }
  const reader = response.body.getReader();
  let out = total > 0 ? new Uint8Array(total) : undefined;
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (out && loaded + value.length > out.length) {
      // More than announced (a compressed body's Content-Length): keep what came, carry on in parts.
      parts.push(out.subarray(0, loaded));
      out = undefined;
    }
    if (out) out.set(value, loaded);
    else parts.push(value);
    loaded += value.length;
    onBytes(loaded, total);
  }
  onBytes(loaded, Math.max(total, loaded));
  if (out) return loaded === out.length ? out : out.subarray(0, loaded);
  const joined = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return joined;
}
