import type { InputFile } from '../core/parse/readInputFile';
import { readableChunks } from './readableChunks';

/** A browser File (or any Blob) as the core reads input: streamed for text, by byte ranges for parquet. */
export function blobInputFile(blob: Blob, name: string): InputFile {
  return {
    name,
    byteLength: blob.size,
    slice: (start, end) => blob.slice(start, end).arrayBuffer(),
    stream: () => readableChunks(blob.stream()),
  };
}
