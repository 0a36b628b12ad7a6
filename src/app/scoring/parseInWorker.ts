import type { FieldMap } from '../../core/parse/fieldMap';
import type { InputError, Trajectory } from '../../core/types';
import type { LeftOut, ParseSource, ParseWorkerEvent, ParseWorkerRequest, ResultFile } from '../../worker/parseProtocol';

/** One trajectory file as the parse worker read it. */
export interface ParsedFile {
  trajectories: Trajectory[];
  /** contentHash of each trajectory, parallel to `trajectories`. */
  hashes: string[];
  errors: InputError[];
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
 * Parse trajectory files off the main thread: one promise per source, each resolved when that
 * file is read, so the caller can show files in order as they finish. Records come in batches.
 */
export function parseInWorker(sources: ParseSource[], fieldMap?: FieldMap): Promise<ParsedFile>[] {
  const files: ParsedFile[] = sources.map(() => ({ trajectories: [], hashes: [], errors: [] }));
  const settle = sources.map(() => ({ resolve: (_: ParsedFile) => {}, reject: (_: Error) => {} }));
  const promises = sources.map((_, i) => new Promise<ParsedFile>((resolve, reject) => (settle[i] = { resolve, reject })));
  let open = sources.length;
  if (!open) return [];
  withParseWorker(
    { type: 'parse', requestId: nextRequestId++, sources, ...(fieldMap && { fieldMap }) },
    (event, finish) => {
      if (event.type === 'records') {
        const f = files[event.source];
        for (const t of event.trajectories) f.trajectories.push(t);
        for (const h of event.hashes) f.hashes.push(h);
        for (const err of event.errors) f.errors.push(err);
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
