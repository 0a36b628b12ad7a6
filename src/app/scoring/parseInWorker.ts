import type { FieldMap } from '../../core/parse/fieldMap';
import type { RecordBatch } from '../store/datasetSlice';
import type { LeftOut, ParseSource, ParseWorkerEvent, ParseWorkerRequest, ResultFile } from '../../worker/parseProtocol';

/** How the parse worker ended one trajectory file (its records went to `onRecords` as they came). */
export interface ParsedFile {
  /** The first record, when no record loaded: what the field map shows. */
  sample?: unknown;
  /** Its bytes are results scored elsewhere (ParseSource.detectResults): no trajectories were read. */
  isResults?: boolean;
}

let nextRequestId = 1;

/**
 * A parse worker for one request, terminated once it has answered (or failed). Reading is the
 * whole of its life, and a fresh worker per drop keeps nothing of earlier files in memory.
 */
function withParseWorker(request: ParseWorkerRequest, onEvent: (event: ParseWorkerEvent, finish: () => void) => void, onFailure: (message: string) => void): void {
  const worker = new Worker(new URL('../../worker/parseWorker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-parse' });
  const finish = () => worker.terminate();
  worker.onmessage = (e: MessageEvent<ParseWorkerEvent>) => {
    if (e.data.requestId !== request.requestId) return;
    if (e.data.type === 'failed') {
      finish();
      onFailure(e.data.message);
    } else onEvent(e.data, finish);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    finish();
    onFailure(e.message || 'the parse worker crashed');
  };
  worker.postMessage(request);
}

/**
 * Parse trajectory files off the main thread: their records are handed to `onRecords` batch by
 * batch as they arrive (`source`: the index of their file; files are read one after the other, so
 * a file's batches all come before the next file's), and there is one promise per source,
 * resolved once that file is read.
 */
export function parseInWorker(sources: ParseSource[], onRecords: (source: number, batch: RecordBatch) => void, fieldMap?: FieldMap): Promise<ParsedFile>[] {
  const files: ParsedFile[] = sources.map(() => ({}));
  const settle = sources.map(() => ({ resolve: (_: ParsedFile) => {}, reject: (_: Error) => {} }));
  const promises = sources.map((_, i) => new Promise<ParsedFile>((resolve, reject) => (settle[i] = { resolve, reject })));
  let open = sources.length;
  if (!open) return [];
  withParseWorker(
    { type: 'parse', requestId: nextRequestId++, sources, ...(fieldMap && { fieldMap }) },
    (event, finish) => {
      if (event.type === 'records') {
        onRecords(event.source, { trajectories: event.trajectories, hashes: event.hashes, errors: event.errors });
      } else if (event.type === 'parsed') {
        if (event.sample !== undefined) files[event.source].sample = event.sample;
        if (event.isResults) files[event.source].isResults = true;
        settle[event.source].resolve(files[event.source]);
        if (--open === 0) finish();
      }
    },
    (message) => settle.forEach((s) => s.reject(new Error(message))),
  );
  return promises;
}

/** Read results files off the main thread; parts of a file are joined again, in file order. */
export function readResultsInWorker(files: { name: string; blob: Blob }[]): Promise<{ files: ResultFile[]; left: LeftOut[] }> {
  return new Promise((resolve, reject) => {
    const byName = new Map<string, ResultFile>();
    withParseWorker(
      { type: 'results', requestId: nextRequestId++, files },
      (event, finish) => {
        if (event.type === 'resultFile') {
          const part = event.file;
          const seen = byName.get(part.name);
          if (!seen) byName.set(part.name, part);
          else for (const key of ['metrics', 'inferred', 'datasets', 'errors'] as const) for (const row of part[key]) (seen[key] as unknown[]).push(row);
        } else if (event.type === 'resultsRead') {
          finish();
          resolve({ files: [...byName.values()], left: event.left });
        }
      },
      (message) => reject(new Error(message)),
    );
  });
}
