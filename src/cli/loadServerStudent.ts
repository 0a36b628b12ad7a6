import path from 'node:path';
import type { Student } from '../core/run/scoreTrajectories';
import { serverStudentOf } from '../core/run/serverStudent';
import { type ServerEndpoint, ServerError, type ServerInfo, probeServer, serverBaseUrl } from '../core/score/serverClient';
import { type ServerScorer, createServerScorer } from '../core/score/serverScorer';
import { StudentError } from '../core/score/studentError';
import { readTokenizerAndConfig } from '../core/score/studentFiles';
import { hubFiles } from './hubCache';
import { BUNDLED_MODEL_DIR, dirFileGetter, modelLocation } from './nodeFileGetter';

export interface ServerStudentOptions {
  /** Base URLs, as given to --server. */
  urls: readonly string[];
  apiKey?: string;
  /** The student whose tokenizer and chat template are loaded here: a folder or a Hub id (default: the served model's id). */
  model?: string;
  inFlight: number;
  timeoutMs: number;
  /** A server dropped at the start or during the run, and why. */
  onDropped?: (url: string, reason: string) => void;
}

export interface ServerStudent extends Student {
  scorer: ServerScorer;
  /** Where the tokenizer came from (a folder or a Hub id). */
  tokenizerSource: string;
}

/** A folder, the bundled student by its name, or a Hub id: where a tokenizer is read from. */
async function tokenizerGetter(model: string) {
  if (model === path.basename(BUNDLED_MODEL_DIR)) return { get: dirFileGetter(BUNDLED_MODEL_DIR), source: `${model} (bundled)` };
  // A folder, or an id by the Hub's rules (anything else that reads as a path is refused, never asked of the Hub).
  const where = await modelLocation(model);
  if (where.kind === 'folder') return { get: dirFileGetter(where.dir), source: path.resolve(where.dir) };
  return { get: hubFiles(where.id).get, source: `${model} (Hugging Face Hub)` };
}

/**
 * `score --server`: every server probed (GET /v1/models, /version); one that cannot be reached or
 * refuses the key is dropped with a note, and none left is a StudentError (exit 2). The student's
 * tokenizer and chat template come from `model` (default: the served model's id), its
 * max_position_embeddings from its config.json where there is one.
 */
export async function loadServerStudent(options: ServerStudentOptions): Promise<ServerStudent> {
  const endpoints: ServerEndpoint[] = options.urls.map((url) => ({ url: serverBaseUrl(url), apiKey: options.apiKey }));
  const probed = await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        return { endpoint, info: await probeServer(endpoint, { timeoutMs: Math.min(options.timeoutMs, 30_000), model: options.model }) };
      } catch (err) {
        if (!(err instanceof ServerError)) throw err;
        options.onDropped?.(endpoint.url, err.message);
        return { endpoint, error: err.message };
      }
    }),
  );
  const servers = probed.filter((p): p is { endpoint: ServerEndpoint; info: ServerInfo } => 'info' in p);
  if (!servers.length) throw new StudentError(`no server to score with: ${probed.map((p) => ('error' in p ? p.error : '')).join('; ')}`);
  let scorer: ServerScorer;
  try {
    scorer = createServerScorer(servers, { inFlight: options.inFlight, order: 'longest', timeoutMs: options.timeoutMs, onDropped: (info, reason) => options.onDropped?.(info.url, reason) });
  } catch (err) {
    if (err instanceof ServerError) throw new StudentError(err.message);
    throw err;
  }
  const model = options.model ?? scorer.model;
  const { get, source } = await tokenizerGetter(model);
  let files;
  try {
    files = await readTokenizerAndConfig(get);
  } catch (err) {
    if (err instanceof StudentError && !options.model) {
      throw new StudentError(`the servers serve ${scorer.model}, and its tokenizer could not be read from there (${err.message}): name the student with --model DIR|HUB_ID`);
    }
    throw err;
  }
  return { ...serverStudentOf(scorer, files), tokenizerSource: source };
}
