/**
 * Text pieces of a byte (or text) stream, decoded as they arrive so that a 500 MB file is never one
 * string. The stream-mode decoder carries a multi-byte character split across two chunks over to
 * the next chunk; `fatal: false` turns invalid UTF-8 into U+FFFD, so a bad byte costs at most the
 * record it sits in, never the file. A leading UTF-8 BOM is dropped by the decoder itself.
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let hasBytes = false;
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      hasBytes = true;
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
      continue;
    }
    // Text after bytes: whatever partial character the decoder holds belongs before it.
    if (hasBytes) {
      hasBytes = false;
      const tail = decoder.decode();
      if (tail) yield tail;
    }
    if (chunk) yield chunk;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
