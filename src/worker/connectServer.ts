import type { Student } from '../core/run/scoreTrajectories';
import { serverStudentOf } from '../core/run/serverStudent';
import { type ServerEndpoint, probeServer, serverBaseUrl } from '../core/score/serverClient';
import { type ServerScorer, createServerScorer } from '../core/score/serverScorer';
import { readTokenizerAndConfig } from '../core/score/studentFiles';
import { modelFileGetter } from './modelFiles';
import type { LoadRequest, ServerReady, TokenizerSource } from './protocol';

/** A student on a server: the scorer talks to it, the tokenizer is here. */
export interface ServerStudent extends Student {
  scorer: ServerScorer;
  /** What the run panel shows (the `ready` event). */
  server: ServerReady;
}

/** Requests in flight: two keep a server busy while one answer travels back, and results still come in order. */
const IN_FLIGHT = 2;
/** A 32k-token conversation on a CPU rsr-lens serve takes minutes; Cancel is the way out sooner. */
const TIMEOUT_MS = 30 * 60_000;
/** How long the first questions to a server may take. */
const PROBE_TIMEOUT_MS = 30_000;

const tokenizerText = (source: TokenizerSource) => (source.kind === 'bundled' ? `${source.name} (bundled)` : source.kind === 'hub' ? `${source.id} (Hugging Face Hub)` : `the dropped folder ${source.name}`);

/**
 * The worker's side of "a server" as the student: asks the server what it serves, loads the
 * tokenizer named in the request (its chat template renders the conversations, its ids are what
 * the server scores), and scores through it in the order asked. The page's URL explains a request
 * the browser blocked (mixed content, CORS).
 */
export async function connectServer(request: LoadRequest & { model: { kind: 'server' } }): Promise<ServerStudent> {
  const endpoint: ServerEndpoint = { url: serverBaseUrl(request.model.url), apiKey: request.apiKey };
  const pageUrl = self.location.href;
  const [info, files] = await Promise.all([
    // A server listing several models (LoRA adapters beside the base) is asked for the tokenizer's.
    probeServer(endpoint, { timeoutMs: PROBE_TIMEOUT_MS, pageUrl, ...(request.model.tokenizer.kind === 'hub' && { model: request.model.tokenizer.id }) }),
    readTokenizerAndConfig(modelFileGetter(request.model.tokenizer, () => {})),
  ]);
  const scorer = createServerScorer([{ endpoint, info }], { inFlight: IN_FLIGHT, order: 'fifo', timeoutMs: TIMEOUT_MS, pageUrl });
  return {
    ...serverStudentOf(scorer, files),
    server: {
      url: info.url,
      engine: scorer.engine,
      ...(info.maxModelLen && { maxModelLen: info.maxModelLen }),
      rankSemantics: scorer.rankSemantics,
      tokenizer: tokenizerText(request.model.tokenizer),
      ...(scorer.file && { file: scorer.file }),
    },
  };
}

/** What a server says it serves, for the page's check (no tokenizer, no scoring). */
export function checkServer(url: string, apiKey: string | undefined) {
  return probeServer({ url: serverBaseUrl(url), apiKey }, { timeoutMs: PROBE_TIMEOUT_MS, pageUrl: self.location.href });
}

