import fs from 'node:fs';
import type { InputFile } from '../core/parse/readInputFile';

/** A file on disk as the core's InputFile: streamed for text, read by ranges for parquet. */
export function nodeInputFile(filePath: string, name: string): InputFile {
  const byteLength = fs.statSync(filePath).size;
  return {
    name,
    byteLength,
    stream: () => fs.createReadStream(filePath) as AsyncIterable<Uint8Array>,
    async slice(start, end = byteLength) {
      const length = Math.max(0, Math.min(end, byteLength) - start);
      const bytes = new Uint8Array(length);
      const fd = await fs.promises.open(filePath, 'r');
      try {
        let at = 0;
        while (at < length) {
          const { bytesRead } = await fd.read(bytes, at, length - at, start + at);
          if (!bytesRead) break;
          at += bytesRead;
        }
      } finally {
        await fd.close();
      }
      return bytes.buffer;
    },
  };
}
