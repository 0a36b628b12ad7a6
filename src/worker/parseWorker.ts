/// <reference lib="webworker" />
import { contentHash } from '../core/parse/contentHash';
import { readInputFile, sampleRecord } from '../core/parse/readInputFile';
import type { InputError, Trajectory } from '../core/types';
import { blobInputFile } from './blobInputFile';
import { collectResultFiles, sourceOf } from './collectResultFiles';
import type { ParseRequest, ParseSource, ParseWorkerEvent, ParseWorkerRequest, ResultsRequest } from './parseProtocol';
import { assertNever } from './protocol';

/**
 * The parse worker: reads inputs so that the page never does. Decoding, gunzipping, splitting,
 * JSON parsing, parquet and the content hashes of 100 MB take seconds of CPU, which on the main
 * thread froze the page (a click took 3 s). Records go back in batches of at most BATCH_RECORDS
 * records or BATCH_CHARS characters: receiving one batch is a short task for the page.
 */
const post = (event: ParseWorkerEvent) => self.postMessage(event);
const BATCH_RECORDS = 2000;
const BATCH_CHARS = 1 << 20;

self.onmessage = (e: MessageEvent<ParseWorkerRequest>) => {
  const request = e.data;
  const run = (() => {
    switch (request.type) {
      case 'parse':
        return parse(request);
      case 'results':
        return readResults(request);
      default:
        return assertNever(request);
    }
  })();
  run.catch((err: unknown) => post({ type: 'failed', requestId: request.requestId, message: err instanceof Error ? err.message : String(err) }));
};

async function blobOf(source: ParseSource): Promise<Blob> {
  if (source.blob) return source.blob;
  const res = await fetch(source.url!);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${source.url}`);
  return res.blob();
}

async function parse(request: ParseRequest): Promise<void> {
  const { requestId } = request;
  for (const [index, source] of request.sources.entries()) {
    const file = blobInputFile(await blobOf(source), source.name);
    // The format comes from the bytes, as for the CLI's summary: an `_inferred_data` file outside
    // the reference's tree (or our own results) is not a trajectory file whatever it is called.
    if (source.detectResults && (await sourceOf(file))) {
      post({ type: 'parsed', requestId, source: index, isResults: true });
      continue;
    }
    let trajectories: Trajectory[] = [];
    let hashes: string[] = [];
    let errors: InputError[] = [];
    let chars = 0;
    let loaded = 0;
    const flush = () => {
      if (trajectories.length || errors.length) post({ type: 'records', requestId, source: index, trajectories, hashes, errors });
      trajectories = [];
      hashes = [];
      errors = [];
      chars = 0;
    };
    for await (const item of readInputFile(file, { name: source.name, teacher: source.teacher, fieldMap: request.fieldMap })) {
      if (item.kind === 'error') errors.push(item.error);
      else {
        trajectories.push(item.trajectory);
        hashes.push(await contentHash(item.trajectory.messages));
        chars += item.trajectory.source.raw.length;
        loaded++;
      }
      if (trajectories.length + errors.length >= BATCH_RECORDS || chars >= BATCH_CHARS) flush();
    }
    flush();
    post({ type: 'parsed', requestId, source: index, ...(!loaded && { sample: await sampleRecord(file) }) });
  }
}

async function readResults(request: ResultsRequest): Promise<void> {
  const { requestId } = request;
  const left = await collectResultFiles(
    request.files.map((f) => blobInputFile(f.blob, f.name)),
    (file, isLast) => post({ type: 'resultFile', requestId, file, isLast }),
  );
  post({ type: 'resultsRead', requestId, left });
}
