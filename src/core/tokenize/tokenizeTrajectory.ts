import type { Message, TokenizedTrajectory } from '../types';
import type { ResponseMarkers } from './responseMarkers';
import { responseSpans } from './responseSpans';
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
 * Render → encode → (truncate) → locate responses → map tokens to characters.
 * `maxTokens` (0 = none) keeps the first tokens, as the reference's `max_length` truncation does.
 */
export function tokenizeTrajectory(ctx: TokenizeContext, messages: readonly Message[], maxTokens = 0): TokenizedTrajectory {
  const rendered = ctx.tok.render(messages, false);
  const allIds = ctx.tok.encode(rendered);
  const truncated = maxTokens > 0 && allIds.length > maxTokens;
  const inputIds = truncated ? allIds.slice(0, maxTokens) : allIds;
  const { text, offsets } = tokenOffsets(inputIds.map((id) => ctx.tok.tokenBytes(id)));
  const respPositions = responseSpans(inputIds, ctx.headerIds, ctx.endIds);
  const assistant = messages.filter((m) => m.role === 'assistant').map((m) => m.content);
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
