/**
 * Read a response body chunk by chunk so the app can show bytes per file. `total` is 0 when the
 * server sends no Content-Length (the bar then shows bytes only).
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
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onBytes(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  onBytes(loaded, Math.max(total, loaded));
  return out;
}
