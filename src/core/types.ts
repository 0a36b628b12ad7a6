/**
 * The data that flows through RSR Lens, step by step:
 * parse → tokenize → score → metrics → store → views.
 * Every type here is plain data (structured-clone safe) so it crosses the worker boundary as is.
 */

/** One chat message, normalised to plain text whatever the input form was. */
export interface Message {
  role: string;
  content: string;
  /**
   * An assistant's tool calls (OpenAI `tool_calls`, or a ShareGPT `function_call` turn), for the
   * chat template to render as it renders them. Named as templates read it.
   */
  tool_calls?: unknown[];
  /**
   * Rendered by the template but not scored: a ShareGPT `function_call` turn. Tool calls in their
   * own turn are context, like the tool results they lead to; see tokenizeTrajectory.
   */
  isContext?: boolean;
}

/** Where a trajectory came from: enough to report an error and to export the exact input line. */
export interface SourceRef {
  /** File name as the user gave it (no directory). */
  file: string;
  /** 1-based line number (for a JSON array: the line the record starts on). */
  line: number;
  /** The record's original text, byte-for-byte as in the input (without the line terminator). */
  raw: string;
}

/** A scalar field of an input record (`source`, `correct`, a difficulty): what tables and slices show. */
export type FieldValue = string | number | boolean;

/** One teacher-written conversation to score. */
export interface Trajectory {
  /** `id`, else `_id`, else the line number as a string. */
  id: string;
  /** `teacher` field, else the file name without its extension. */
  teacher: string;
  messages: Message[];
  source: SourceRef;
  /** The record's other top-level scalar fields (not id, teacher or the conversation), in record order. */
  fields?: Record<string, FieldValue>;
}

/** A record that could not be loaded: reported as `file:line — reason`, never fatal. */
export interface InputError {
  file: string;
  line: number;
  reason: string;
}

/** The student's view of one tokenized conversation. */
export interface TokenizedTrajectory {
  /**
   * The conversation rendered with the student's chat template (add_generation_prompt: false), as
   * its tokens decode: identical to the rendering unless the tokenizer normalises (Qwen: NFC).
   */
  text: string;
  /** Token ids of `text`, encoded with add_special_tokens: false (after any truncation). */
  inputIds: number[];
  /**
   * Character offsets: token i covers text.slice(offsets[i], offsets[i + 1]); length inputIds.length + 1.
   * A token that holds only the tail bytes of a multi-byte character covers an empty range.
   */
  offsets: number[];
  /** Positions p (0-based into inputIds) of response tokens, ascending: every token strictly inside an assistant span. */
  respPositions: number[];
  /** Token count before truncation; equals inputIds.length when nothing was cut. */
  fullLength: number;
  /** True when maxTokens cut the conversation. */
  truncated: boolean;
  /**
   * Response positions whose text the student's chat template inserted (e.g. Qwen3's empty
   * `<think>\n\n</think>\n\n`): scored, as the reference does, but not the teacher's words.
   * Missing on results computed before this was recorded.
   */
  templatePositions?: number[];
}

/** Per response token scores, parallel arrays indexed like `respPositions`. */
export interface TokenScores {
  /** s_p = logsumexp(z_{p-1}) − z_{p-1}[t_p], natural log. */
  surprisal: Float32Array;
  /** r_p = 1 + #{v : z_{p-1}[v] > z_{p-1}[t_p]}, unclipped. */
  rank: Int32Array;
  /** Entropy of the student's next-token distribution at p−1, nats. */
  entropy: Float32Array;
  /** Top-k alternatives, row-major [n × k]: ids. */
  topIds: Int32Array;
  /** Top-k alternatives, row-major [n × k]: probabilities. */
  topProbs: Float32Array;
  /** Top-k alternatives, row-major [n × k]: display text of each id (invalid UTF-8 bytes shown as \xNN). */
  topTexts: string[];
  /** k of the top-k tables. */
  k: number;
}

/** The per-trajectory numbers of the paper and its student-only baselines. */
export interface TrajectoryMetrics {
  /** Number of scored response tokens. */
  respTokenLength: number;
  /** Mean of min(r_p, R). */
  avgRankClip: number;
  /** Mean of r_p (unclipped). */
  avgRank: number;
  /** Mean of s_p. */
  avgSurprisal: number;
  /** Mean entropy. */
  avgEntropy: number;
  /** Eq. 7: Σ min(r_p, R) / max(Σ s_p, 1e-12). NaN for an empty response. */
  rsr: number;
}

/**
 * How the student's logits are reduced: "graph" (in-graph reductions), "js" (full logits reduced
 * in JavaScript), or "server" (a server's prompt log-probabilities: vLLM, or rsr-lens serve).
 */
export type ScoringPath = 'graph' | 'js' | 'server';

/** What produced a result: recorded with every number we show or export. */
export interface Provenance {
  model: string;
  dtype: string;
  device: string;
  version: string;
  clip: number;
  template: string;
  /**
   * The max-tokens setting the conversation was scored under (0 = no limit): with the result's
   * `tokens.truncated`, whether and where its verdict rests on a cut conversation. Missing on
   * results computed before this was recorded, and on imports whose source does not say.
   */
  maxTokens?: number;
  path: ScoringPath;
  /** The student's ONNX file, relative to its folder (e.g. `onnx/model_q4.onnx`). */
  file?: string;
  /** Why these numbers are approximate (e.g. q8's per-chunk activation scales); absent when exact. */
  approximate?: string;
  /** Scored by a server: what its `rank` counted and how ours were read from it (promptLogprobs.ts). */
  rankSemantics?: string;
}

/** A scored trajectory: identity, tokens, scores and metrics. */
export interface ScoredTrajectory {
  id: string;
  teacher: string;
  source: SourceRef;
  tokens: TokenizedTrajectory;
  scores: TokenScores;
  metrics: TrajectoryMetrics;
  provenance: Provenance;
  /** The model's max_position_embeddings, present only when the conversation is longer: scored past it. */
  positionLimit?: number;
}

/** Per-teacher summary (Eq. 9 and baselines). */
export interface TeacherSummary {
  teacher: string;
  n: number;
  /** Eq. 9: Σ_j avgRankClip_j / Σ_j avgSurprisal_j (a ratio of sums, not a mean of RSRs). */
  rsr: number;
  avgRankClip: number;
  avgRank: number;
  avgSurprisal: number;
  avgEntropy: number;
  avgLength: number;
}
