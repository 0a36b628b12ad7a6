import type { Message, TokenizedTrajectory } from '../types';
import type { ResponseMarkers } from './responseMarkers';
import { countResponseSpans, responseSpans } from './responseSpans';
import { templateInsertedPositions } from './templateInserted';
import type { StudentTokenizer } from './studentTokenizer';
import { tokenOffsets } from './tokenOffsets';

/** A tokenizer bound to its markers' ids, so each trajectory does not re-encode them. */
export interface TokenizeContext {
  tok: StudentTokenizer;
  headerIds: number[];
  endIds: number[];
}

export function tokenizeContext(tok: StudentTokenizer, markers: ResponseMarkers): TokenizeContext {
  return { tok, headerIds: tok.encode(markers.header), endIds: tok.encode(markers.end) };
}

/**
 * The assistant spans to leave out: those of context-only turns (ShareGPT `function_call`).
 * Templates render one span per assistant message, in order, so the k-th span is the k-th
 * assistant message. A template that renders another number of spans breaks that map, and then
 * no span can be attributed: an error, rather than scoring a tool call as the teacher's answer.
 */
export function contextSpans(ctx: TokenizeContext, messages: readonly Message[], allIds: readonly number[]): Set<number> | undefined {
  const assistants = messages.filter((m) => m.role === 'assistant');
  if (!assistants.some((m) => m.isContext)) return undefined;
  const spans = countResponseSpans(allIds, ctx.headerIds, ctx.endIds);
  if (spans !== assistants.length) {
    throw new Error(`the student's chat template renders ${spans} assistant spans for ${assistants.length} assistant turns, so the function_call turns (context, not scored) cannot be told apart from the answers`);
  }
  return new Set(assistants.flatMap((m, i) => (m.isContext ? [i] : [])));
}

/**
 * Render → encode → (truncate) → locate responses → map tokens to characters.
 * `maxTokens` (0 = none) keeps the first tokens, as the reference's `max_length` truncation does.
 * Assistant turns marked `isContext` are rendered (the student sees them) but not scored.
 */
export function tokenizeTrajectory(ctx: TokenizeContext, messages: readonly Message[], maxTokens = 0): TokenizedTrajectory {
  const rendered = ctx.tok.render(messages, false);
  const allIds = ctx.tok.encode(rendered);
  const truncated = maxTokens > 0 && allIds.length > maxTokens;
  const inputIds = truncated ? allIds.slice(0, maxTokens) : allIds;
  const { text, offsets } = tokenOffsets(inputIds.map((id) => ctx.tok.tokenBytes(id)));
  const respPositions = responseSpans(inputIds, ctx.headerIds, ctx.endIds, contextSpans(ctx, messages, allIds));
  // The scored spans, in order: context turns (function calls) have none.
  const assistant = messages.filter((m) => m.role === 'assistant' && !m.isContext).map((m) => m.content);
  return {
    text,
    inputIds,
    offsets,
    respPositions,
    fullLength: allIds.length,
    truncated,
    templatePositions: templateInsertedPositions(text, offsets, respPositions, assistant),
  };
}

/** How many of a conversation's `fullLength` tokens the max-tokens setting keeps (0 = all). */
export function keptLength(fullLength: number, maxTokens: number): number {
  return maxTokens > 0 ? Math.min(fullLength, maxTokens) : fullLength;
}

/**
 * The tokens tokenizeTrajectory keeps (`inputIds.length`), without locating responses or
 * characters: what a run will feed, counted before it starts (the CLI's progress total).
 */
export function countTokens(tok: StudentTokenizer, messages: readonly Message[], maxTokens = 0): number {
  return keptLength(tok.encode(tok.render(messages, false)).length, maxTokens);
}

/**
 * Whether tokens kept under one max-tokens setting are exactly those `maxTokens` keeps: a
 * conversation no cap cuts scores the same under any of them (chunking is exact), so its result
 * stays valid when only the setting changes.
 */
export function isKeptUnder(tokens: Pick<TokenizedTrajectory, 'inputIds' | 'fullLength'>, maxTokens: number): boolean {
  return tokens.inputIds.length === keptLength(tokens.fullLength, maxTokens);
}
