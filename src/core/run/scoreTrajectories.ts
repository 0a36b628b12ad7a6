import { trajectoryMetrics } from '../metrics/trajectoryMetrics';
import { callBytes, chunkLength } from '../score/chunkLength';
import type { Scorer } from '../score/ortScorer';
import { CancelledError, scoreBatch, scoreConversation } from '../score/scoreConversation';
import { ServerError } from '../score/serverClient';
import type { ServerScores, ServerScorer } from '../score/serverScorer';
import { DEFAULT_RENDER_LIMITS, TemplateLimitError } from '../tokenize/chatTemplate';
import { type TemplateMode, resolveMarkers } from '../tokenize/responseMarkers';
import type { StudentTokenizer } from '../tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../tokenize/tokenizeTrajectory';
import type { InputError, Provenance, ScoredTrajectory, TokenScores, TokenizedTrajectory, Trajectory } from '../types';
import { APP_VERSION } from '../version';
import { addWork, NO_WORK, segmentWork, subtractWork, type Work } from './etaEstimator';

/** A loaded student: what every result records, and the two parts that do the work. */
export interface Student {
  name: string;
  dtype: string;
  device: string;
  /** The ONNX file scored with, relative to the model folder. */
  file?: string;
  tokenizer: StudentTokenizer;
  /** An ONNX model run here, or servers that score whole conversations (scoreOnServers below). */
  scorer: Scorer | ServerScorer;
  /** config.json `max_position_embeddings`: the longest context the model was trained for, when known. */
  maxPositions?: number;
}

/** config.json's `max_position_embeddings` (or its `text_config`'s, for multimodal configs), when it is a positive integer. */
export function maxPositionsOf(config: Record<string, any>): number | undefined {
  const n = config.max_position_embeddings ?? config.text_config?.max_position_embeddings;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** How to score: the same settings for the worker, the CLI and the tests. */
export interface ScoreSettings {
  /** Rank clip R (Eq. 7). */
  clip: number;
  template: TemplateMode;
  /** Keep only the first N tokens of each conversation (0 = all). */
  maxTokens: number;
  /** Bytes for one forward call's working set (see chunkLength.ts). */
  chunkBudgetBytes: number;
  /** Positions per forward call, fixed (tests, comparisons); absent or 0: chosen from memory per conversation. */
  chunkLength?: number;
}

export interface RunProgress {
  index: number;
  doneTokens: number;
  /** Estimated: trajectories not yet tokenized are extrapolated from their characters. */
  totalTokens: number;
  tokensPerSecond: number;
  /** The tokens fed since the previous report (with their positions): what the time since then bought, for an etaEstimator. */
  work: Work;
  /** The work still to feed: exact for tokenized conversations, from their characters for the others. */
  remaining: Work;
}

/** What a run did, for a tokens/s figure: wall time includes tokenizing, the model and the metrics. */
export interface RunStats {
  /** Scored trajectories (skipped ones are not counted). */
  trajectories: number;
  /** Conversation tokens (prompt and response) of the scored trajectories. */
  tokens: number;
  seconds: number;
}

export interface RunHooks {
  onScored?: (index: number, result: ScoredTrajectory) => void;
  onSkipped?: (index: number, error: InputError) => void;
  /** A trajectory that is scored but whose numbers deserve doubt (longer than the model's context). */
  onWarning?: (index: number, warning: InputError) => void;
  onProgress?: (progress: RunProgress) => void;
  /** See scoreConversation's ScoreOptions.isCancelled: checked between trajectories and between chunks. */
  isCancelled?: () => boolean | Promise<boolean>;
}

export function provenanceOf(student: Student, settings: ScoreSettings): Provenance {
  const { scorer } = student;
  if (scorer.kind === 'server') {
    return {
      model: scorer.model,
      dtype: scorer.dtype ?? 'unreported',
      device: scorer.engine,
      version: APP_VERSION,
      clip: settings.clip,
      template: settings.template,
      maxTokens: settings.maxTokens,
      path: 'server',
      ...(scorer.file && { file: scorer.file }),
      rankSemantics: scorer.rankSemantics,
    };
  }
  return {
    model: student.name,
    dtype: student.dtype,
    device: student.device,
    version: APP_VERSION,
    clip: settings.clip,
    template: settings.template,
    maxTokens: settings.maxTokens,
    path: scorer.path,
    ...(student.file ? { file: student.file } : {}),
    ...(scorer.layout.approximate ? { approximate: scorer.layout.approximate } : {}),
  };
}

const conversationChars = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);

/**
 * The longest conversation a run scores, in characters of its messages: half the chat template's
 * string limit (DEFAULT_RENDER_LIMITS.maxChars), so that rendering it with the template's own text
 * stays inside that limit and a limit reached there is the template's doing. Longer rows are
 * skipped with their size, before the template, the tokenizer and the model hold them several
 * times over: a 34 MB row once stopped the whole run (and every --resume) at the template's limit.
 * 16 M characters is about 4 M tokens, far past any student's context.
 */
export const MAX_CONVERSATION_CHARS = DEFAULT_RENDER_LIMITS.maxChars / 2;

/** Conversations per batched call at most (short ones only: see fitsOneCall). */
const MAX_BATCH = 16;
/** Conversations (and their tokens) tokenized ahead to be grouped by width: results wait at most this long. */
const WINDOW = 64;
const WINDOW_TOKENS = 16384;

type Prepared =
  | { kind: 'skip'; index: number; reason: string }
  | { kind: 'score'; index: number; trajectory: Trajectory; tokens: TokenizedTrajectory; isPastLimit: boolean };

/**
 * The whole flow for a list of trajectories: tokenize → score → metrics, results handed out in
 * order as soon as each is done. Chunk lengths come from memory per conversation (chunkLength.ts);
 * where the scorer offers it, consecutive short conversations share one forward call, with the
 * same numbers as alone. A cancelled run stops between chunks and reports `cancelled: true`;
 * everything handed out before stays valid.
 */
export async function scoreTrajectories(
  trajectories: readonly Trajectory[],
  student: Student,
  settings: ScoreSettings,
  hooks: RunHooks = {},
): Promise<{ cancelled: boolean; provenance: Provenance; stats: RunStats }> {
  const provenance = provenanceOf(student, settings);
  const ctx = tokenizeContext(student.tokenizer, resolveMarkers(settings.template, student.tokenizer));
  let remainingChars = trajectories.reduce((n, t) => n + conversationChars(t), 0);
  // Σ chars² of the conversations not tokenized yet: with the tokens-per-character ratio, the positions they will feed.
  let remainingChars2 = trajectories.reduce((n, t) => n + conversationChars(t) ** 2, 0);
  let seenChars = 0;
  let seenTokens = 0;
  let doneTokens = 0;
  const started = performance.now();
  let scoredTrajectories = 0;
  let scoredTokens = 0;
  const outcome = (cancelled: boolean) => ({
    cancelled,
    provenance,
    stats: { trajectories: scoredTrajectories, tokens: scoredTokens, seconds: (performance.now() - started) / 1000 },
  });
  const estimateTotal = (pendingTokens: number) => doneTokens + pendingTokens + Math.round((remainingChars * seenTokens) / Math.max(seenChars, 1));
  // Running totals over the run: the work of every tokenized conversation (whole), what was fed,
  // what was reported, and of the finished ones, their whole and fed work. What is left is the
  // unfinished conversations' whole work less what of it was fed.
  let preparedWork = NO_WORK;
  let fedWork = NO_WORK;
  let reportedWork = NO_WORK;
  let finishedWork = NO_WORK;
  let finishedFedWork = NO_WORK;
  /** Until a conversation is tokenized, about 4 characters a token (English text in BPE). */
  const tokensPerChar = () => (seenChars ? seenTokens / seenChars : 0.25);
  const remainingWork = (): Work => {
    const r = tokensPerChar();
    const untokenized = { tokens: r * remainingChars, context: Math.max(0, (r * r * remainingChars2 - r * remainingChars) / 2) };
    return addWork(untokenized, subtractWork(subtractWork(preparedWork, finishedWork), subtractWork(fedWork, finishedFedWork)));
  };
  const progress = (index: number, fed: number, pendingTokens: number) => {
    const seconds = (performance.now() - started) / 1000;
    const work = subtractWork(fedWork, reportedWork);
    reportedWork = fedWork;
    hooks.onProgress?.({
      index,
      doneTokens: doneTokens + fed,
      totalTokens: estimateTotal(pendingTokens),
      tokensPerSecond: (doneTokens + fed) / Math.max(seconds, 1e-3),
      work,
      remaining: remainingWork(),
    });
  };

  const prepare = (index: number): Prepared => {
    const trajectory = trajectories[index];
    const chars = conversationChars(trajectory);
    if (chars > MAX_CONVERSATION_CHARS) {
      remainingChars -= chars;
      const size = (n: number) => n.toLocaleString('en-US');
      return { kind: 'skip', index, reason: `${trajectory.id} is ${size(chars)} characters long, more than the ${size(MAX_CONVERSATION_CHARS)} a conversation may have (shorten or split it)` };
    }
    let tokens: TokenizedTrajectory;
    try {
      tokens = tokenizeTrajectory(ctx, trajectory.messages, settings.maxTokens);
    } catch (err) {
      // A template past its limits would stop every row the same way: the run stops. Anything
      // else (a template's raise_exception on this conversation, spans it cannot attribute) is
      // this row's problem: it is skipped with the reason, and the run goes on.
      if (err instanceof TemplateLimitError || !(err instanceof Error)) throw err;
      remainingChars -= chars;
      remainingChars2 -= chars * chars;
      return { kind: 'skip', index, reason: `not tokenized: ${err.message}` };
    }
    remainingChars -= chars;
    remainingChars2 -= chars * chars;
    seenChars += chars;
    seenTokens += tokens.inputIds.length;
    if (tokens.respPositions.length === 0) {
      doneTokens += tokens.inputIds.length;
      const reason = tokens.truncated
        ? `no response tokens within the first ${settings.maxTokens} tokens`
        : 'no response tokens: the student template renders no assistant span for this conversation';
      return { kind: 'skip', index, reason };
    }
    const limit = student.maxPositions;
    preparedWork = addWork(preparedWork, segmentWork(0, tokens.inputIds.length));
    return { kind: 'score', index, trajectory, tokens, isPastLimit: !!limit && tokens.inputIds.length > limit };
  };

  /** `fed`: the work fed for it (up to its last response position); `own`: a provenance of its own (a server's approximate ranks). */
  const finish = (p: Extract<Prepared, { kind: 'score' }>, scores: TokenScores, fed: Work, own: Provenance = provenance) => {
    scores.topTexts = Array.from(scores.topIds, (id) => (id < 0 ? '' : student.tokenizer.displayText(id)));
    doneTokens += p.tokens.inputIds.length;
    finishedWork = addWork(finishedWork, segmentWork(0, p.tokens.inputIds.length));
    finishedFedWork = addWork(finishedFedWork, fed);
    scoredTrajectories++;
    scoredTokens += p.tokens.inputIds.length;
    hooks.onScored?.(p.index, {
      id: p.trajectory.id,
      teacher: p.trajectory.teacher,
      source: p.trajectory.source,
      tokens: p.tokens,
      scores,
      metrics: trajectoryMetrics(scores, settings.clip),
      provenance: own,
      ...(p.isPastLimit && { positionLimit: student.maxPositions }),
    });
  };

  const announce = (p: Prepared) => {
    if (p.kind === 'skip') {
      const t = trajectories[p.index];
      hooks.onSkipped?.(p.index, { file: t.source.file, line: t.source.line, reason: p.reason });
    } else if (p.isPastLimit) {
      // Scored anyway (the reference scores it too), but past the positions the model was trained on
      // its numbers mean little: say so, and keep the limit with the result.
      const limit = student.maxPositions!;
      hooks.onWarning?.(p.index, {
        file: p.trajectory.source.file,
        line: p.trajectory.source.line,
        reason: `${p.tokens.inputIds.length.toLocaleString('en-US')} tokens, more than the model's max_position_embeddings (${limit.toLocaleString('en-US')}): scored past the context it was trained on`,
      });
    }
  };

  type Scorable = Extract<Prepared, { kind: 'score' }>;
  if (student.scorer.kind === 'server') {
    const feed = (work: Work) => (fedWork = addWork(fedWork, work));
    return scoreOnServers(student.scorer, trajectories.length, { prepare, announce, finish, feed, progress, outcome, provenance }, hooks);
  }
  const scorer = student.scorer;
  const memory = scorer.memory;
  const chunkFor = (tokens: number) => settings.chunkLength || chunkLength(memory, tokens, settings.chunkBudgetBytes);
  /** Positions a conversation is fed: up to its last response position (and up to a multiple of the runtime's batchPadTo). */
  const padTo = scorer.batchPadTo ?? 1;
  const widthOf = (p: Scorable) => Math.ceil(p.tokens.respPositions[p.tokens.respPositions.length - 1] / padTo) * padTo;
  /**
   * Whether these conversations fit one call, each padded to the longest: within the budget (only
   * their response rows carry logits), and the longest alone within its chunk length.
   */
  const fitsOneCall = (group: Scorable[]) => {
    const width = Math.max(...group.map(widthOf));
    if (width > chunkFor(width)) return false;
    if (settings.chunkLength) return group.length * width <= settings.chunkLength;
    const scored = group.reduce((n, p) => n + p.tokens.respPositions.length, 0);
    return group.length === 1 || callBytes(memory, group.length * width, scored, width) <= settings.chunkBudgetBytes;
  };
  /** The window's calls: longest first, each call filled with the next ones while they fit (least padding). */
  const batchesOf = (window: Scorable[]): Scorable[][] => {
    const calls: Scorable[][] = [];
    for (const p of [...window].sort((a, b) => widthOf(b) - widthOf(a))) {
      const last = calls.at(-1);
      if (last && last.length < MAX_BATCH && fitsOneCall([...last, p])) last.push(p);
      else calls.push([p]);
    }
    return calls;
  };

  let lookahead: Prepared | undefined;
  for (let index = 0; index < trajectories.length; ) {
    if (await hooks.isCancelled?.()) return outcome(true);
    const first = lookahead ?? prepare(index);
    lookahead = undefined;
    if (first.kind === 'skip') {
      announce(first);
      index++;
      continue;
    }
    const batch = scorer.forwardBatch;
    if (!batch || !fitsOneCall([first])) {
      announce(first);
      const { tokens } = first;
      let fedBefore = 0;
      try {
        const scores = await scoreConversation(tokens.inputIds, tokens.respPositions, scorer.forward, {
          chunkLength: chunkFor(tokens.inputIds.length),
          k: scorer.topK,
          isCancelled: hooks.isCancelled,
          onProgress: (fed) => {
            fedWork = addWork(fedWork, segmentWork(fedBefore, fed));
            fedBefore = fed;
            progress(first.index, fed, tokens.inputIds.length);
          },
        });
        finish(first, scores, segmentWork(0, fedBefore));
      } catch (err) {
        if (err instanceof CancelledError) return outcome(true);
        throw err;
      }
      index++;
      continue;
    }
    // Where the scorer batches, consecutive conversations that fit one call form a window (a skipped
    // or a long one ends it); within it, those of similar lengths share calls. The calls run in the
    // order of their first conversation, so each one completes the next result: results are handed
    // out in order as they are done, and a cancel keeps every one scored before it.
    const window = [first];
    let windowTokens = first.tokens.inputIds.length;
    while (window.length < WINDOW && windowTokens < WINDOW_TOKENS && index + window.length < trajectories.length) {
      const next = prepare(index + window.length);
      if (next.kind === 'skip' || !fitsOneCall([next])) {
        lookahead = next;
        break;
      }
      window.push(next);
      windowTokens += next.tokens.inputIds.length;
    }
    window.forEach(announce);
    const scored = new Map<number, TokenScores>();
    let fed = 0;
    let handed = 0;
    const handOut = () => {
      for (; handed < window.length; handed++) {
        const scores = scored.get(window[handed].index);
        if (!scores) return;
        finish(window[handed], scores, segmentWork(0, window[handed].tokens.inputIds.length));
      }
    };
    const firstIndex = (call: Scorable[]) => Math.min(...call.map((p) => p.index));
    for (const calls of batchesOf(window).sort((a, b) => firstIndex(a) - firstIndex(b))) {
      if (await hooks.isCancelled?.()) {
        handOut();
        return outcome(true);
      }
      const scores = await scoreBatch(calls.map((p) => ({ ids: p.tokens.inputIds, respPositions: p.tokens.respPositions })), batch, scorer.topK, padTo);
      calls.forEach((p, i) => scored.set(p.index, scores[i]));
      fed += calls.reduce((n, p) => n + p.tokens.inputIds.length, 0);
      for (const p of calls) fedWork = addWork(fedWork, segmentWork(0, p.tokens.inputIds.length));
      progress(calls.at(-1)!.index, fed, windowTokens);
      handOut();
    }
    index += window.length;
  }
  return outcome(false);
}

/** The closures of one run that both loops share (see scoreTrajectories). */
interface RunSteps {
  prepare: (index: number) => Prepared;
  announce: (p: Prepared) => void;
  finish: (p: Extract<Prepared, { kind: 'score' }>, scores: TokenScores, fed: Work, own?: Provenance) => void;
  /** A conversation's work, fed whole by a server (for the ETA). */
  feed: (work: Work) => void;
  progress: (index: number, fed: number, pendingTokens: number) => void;
  outcome: (cancelled: boolean) => { cancelled: boolean; provenance: Provenance; stats: RunStats };
  provenance: Provenance;
}

/** How often a run waiting on a server checks for Cancel. */
const CANCEL_POLL_MS = 100;

/**
 * The run on servers: up to `scorer.window` conversations are tokenized ahead and handed to the
 * servers' queue at once (their order is the scorer's: longest first for a cluster run), and
 * results are handed out in input order as each one's predecessors are done — the same output
 * whatever the servers and however many. A conversation a server cannot take (longer than its
 * context, failed on every try) is skipped with the reason; losing every server stops the run.
 * Cancel (or a stop) aborts what is in flight and hands out every result already back, so
 * nothing scored is lost.
 */
async function scoreOnServers(scorer: ServerScorer, count: number, steps: RunSteps, hooks: RunHooks) {
  type Scorable = Extract<Prepared, { kind: 'score' }>;
  type Ahead = { p: Scorable; settled?: { value?: ServerScores; error?: unknown } };
  const ahead: Ahead[] = [];
  let next = 0;
  let pendingTokens = 0;
  /** Hands out the head of `ahead` while it is settled; returns the first error that must stop the run. */
  const handOut = (): unknown => {
    while (ahead.length && ahead[0].settled) {
      const { p, settled } = ahead.shift() as Required<Ahead>;
      pendingTokens -= p.tokens.inputIds.length;
      if (settled.value) {
        const { scores, openRanks, k } = settled.value;
        const approximate = openRanks
          ? `${openRanks.toLocaleString('en-US')} of ${scores.rank.length.toLocaleString('en-US')} ranks are the server's tie-inclusive count #{≥}, an upper bound: its top ${k} leave the strict rank between ${k + 1} and that count`
          : undefined;
        const whole = segmentWork(0, p.tokens.inputIds.length);
        steps.feed(whole);
        steps.finish(p, scores, whole, approximate ? { ...steps.provenance, approximate } : steps.provenance);
        steps.progress(p.index, 0, pendingTokens);
      } else if (settled.error instanceof ServerError && settled.error.kind === 'row') {
        hooks.onSkipped?.(p.index, { file: p.trajectory.source.file, line: p.trajectory.source.line, reason: `not scored by the server: ${settled.error.message}` });
      } else if (!(settled.error instanceof CancelledError)) {
        return settled.error;
      }
    }
    return undefined;
  };
  /** Every result already back, whatever is still missing before it (a cancelled or stopped run keeps them). */
  const handOutSettled = () => {
    for (const a of ahead.splice(0)) {
      if (!a.settled?.value) continue;
      const whole = segmentWork(0, a.p.tokens.inputIds.length);
      steps.feed(whole);
      steps.finish(a.p, a.settled.value.scores, whole, steps.provenance);
    }
  };
  try {
    for (;;) {
      while (next < count && ahead.length < scorer.window) {
        const p = steps.prepare(next++);
        steps.announce(p);
        if (p.kind === 'skip') continue;
        const a: Ahead = { p };
        pendingTokens += p.tokens.inputIds.length;
        scorer.score(p.tokens.inputIds, p.tokens.respPositions).then(
          (value) => (a.settled = { value }),
          (error: unknown) => (a.settled = { error }),
        );
        ahead.push(a);
      }
      const stop = handOut();
      if (stop) {
        scorer.cancel();
        handOutSettled();
        throw stop;
      }
      if (!ahead.length && next >= count) return steps.outcome(false);
      if (await hooks.isCancelled?.()) {
        scorer.cancel();
        handOutSettled();
        return steps.outcome(true);
      }
      if (ahead.length && !ahead[0].settled) await new Promise((resolve) => setTimeout(resolve, CANCEL_POLL_MS));
    }
  } catch (err) {
    if (err instanceof CancelledError) return steps.outcome(true);
    throw err;
  }
}
