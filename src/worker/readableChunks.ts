/**
 * A ReadableStream as an async iterable. Chromium and Firefox iterate streams natively, Safari
 * does not yet, so read through a reader, and release it if the consumer stops early.
 */
export async function* readableChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
