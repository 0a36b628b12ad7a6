import { trajectoryMetrics } from '../metrics/trajectoryMetrics';
import { chunkLength } from '../score/chunkLength';
import type { Scorer } from '../score/ortScorer';
import { CancelledError, scoreConversation } from '../score/scoreConversation';
import { TemplateLimitError } from '../tokenize/chatTemplate';
import { type TemplateMode, resolveMarkers } from '../tokenize/responseMarkers';
import type { StudentTokenizer } from '../tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../tokenize/tokenizeTrajectory';
import type { InputError, Provenance, ScoredTrajectory, TokenizedTrajectory, Trajectory } from '../types';
import { APP_VERSION } from '../version';

/** A loaded student: what every result records, and the two parts that do the work. */
export interface Student {
  name: string;
  dtype: string;
  device: string;
  /** The ONNX file scored with, relative to the model folder. */
  file?: string;
  tokenizer: StudentTokenizer;
  scorer: Scorer;
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
  /** Bytes for one chunk's logits-sized working set (see chunkLength.ts). */
  chunkBudgetBytes: number;
}

export interface RunProgress {
  index: number;
  doneTokens: number;
  /** Estimated: trajectories not yet tokenized are extrapolated from their characters. */
  totalTokens: number;
  tokensPerSecond: number;
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
  return {
    model: student.name,
    dtype: student.dtype,
    device: student.device,
    version: APP_VERSION,
    clip: settings.clip,
    template: settings.template,
    path: student.scorer.path,
    ...(student.file ? { file: student.file } : {}),
    ...(student.scorer.layout.approximate ? { approximate: student.scorer.layout.approximate } : {}),
  };
}

const conversationChars = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);

/**
 * The whole flow for a list of trajectories: tokenize → score → metrics, one at a time, results
 * handed out as soon as each is done. A cancelled run stops between chunks and reports
 * `cancelled: true`; everything handed out before stays valid.
 */
export async function scoreTrajectories(
  trajectories: readonly Trajectory[],
  student: Student,
  settings: ScoreSettings,
  hooks: RunHooks = {},
): Promise<{ cancelled: boolean; provenance: Provenance; stats: RunStats }> {
  const provenance = provenanceOf(student, settings);
  const ctx = tokenizeContext(student.tokenizer, resolveMarkers(settings.template, student.tokenizer));
  const chunk = chunkLength(student.scorer.signature.vocabSize, settings.chunkBudgetBytes);
  let remainingChars = trajectories.reduce((n, t) => n + conversationChars(t), 0);
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

  for (let index = 0; index < trajectories.length; index++) {
    if (await hooks.isCancelled?.()) return outcome(true);
    const trajectory = trajectories[index];
    const chars = conversationChars(trajectory);
    let tokens: TokenizedTrajectory;
    try {
      tokens = tokenizeTrajectory(ctx, trajectory.messages, settings.maxTokens);
    } catch (err) {
      // A template past its limits would stop every row the same way: the run stops. Anything
      // else (a template's raise_exception on this conversation, spans it cannot attribute) is
      // this row's problem: it is skipped with the reason, and the run goes on.
      if (err instanceof TemplateLimitError || !(err instanceof Error)) throw err;
      remainingChars -= chars;
      hooks.onSkipped?.(index, { file: trajectory.source.file, line: trajectory.source.line, reason: `not tokenized: ${err.message}` });
      continue;
    }
    remainingChars -= chars;
    seenChars += chars;
    seenTokens += tokens.inputIds.length;
    const estimateTotal = () => doneTokens + tokens.inputIds.length + Math.round((remainingChars * seenTokens) / Math.max(seenChars, 1));
    const base = doneTokens;

    if (tokens.respPositions.length === 0) {
      const reason = tokens.truncated
        ? `no response tokens within the first ${settings.maxTokens} tokens`
        : 'no response tokens: the student template renders no assistant span for this conversation';
      hooks.onSkipped?.(index, { file: trajectory.source.file, line: trajectory.source.line, reason });
      doneTokens += tokens.inputIds.length;
      continue;
    }
    // Scored anyway (the reference scores it too), but past the positions the model was trained on
    // its numbers mean little: say so, and keep the limit with the result.
    const limit = student.maxPositions;
    const isPastLimit = !!limit && tokens.inputIds.length > limit;
    if (isPastLimit) {
      hooks.onWarning?.(index, {
        file: trajectory.source.file,
        line: trajectory.source.line,
        reason: `${tokens.inputIds.length.toLocaleString('en-US')} tokens, more than the model's max_position_embeddings (${limit.toLocaleString('en-US')}): scored past the context it was trained on`,
      });
    }
    try {
      const scores = await scoreConversation(tokens.inputIds, tokens.respPositions, student.scorer.forward, {
        chunkLength: chunk,
        k: student.scorer.topK,
        isCancelled: hooks.isCancelled,
        onProgress: (fed) => {
          const seconds = (performance.now() - started) / 1000;
          hooks.onProgress?.({ index, doneTokens: base + fed, totalTokens: estimateTotal(), tokensPerSecond: (base + fed) / Math.max(seconds, 1e-3) });
        },
      });
      scores.topTexts = Array.from(scores.topIds, (id) => (id < 0 ? '' : student.tokenizer.displayText(id)));
      doneTokens += tokens.inputIds.length;
      scoredTrajectories++;
      scoredTokens += tokens.inputIds.length;
      hooks.onScored?.(index, {
        id: trajectory.id,
        teacher: trajectory.teacher,
        source: trajectory.source,
        tokens,
        scores,
        metrics: trajectoryMetrics(scores, settings.clip),
        provenance,
        ...(isPastLimit && { positionLimit: limit }),
      });
    } catch (err) {
      if (err instanceof CancelledError) return outcome(true);
      throw err;
    }
  }
  return outcome(false);
}
