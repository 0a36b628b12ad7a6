import type { Message } from '../types';
import { responseSpans } from './responseSpans';
import { contextSpans, type TokenizeContext } from './tokenizeTrajectory';

/** How long a conversation is for a student, before scoring: what a length column and a slice by length show. */
export interface TrajectoryLength {
  /** Tokens of the whole conversation as the student's chat template renders it (what max tokens cuts, and what scoring time grows with). */
  tokens: number;
  /** Of those, response tokens: the ones scoring would score, with no max tokens. */
  response: number;
}

/**
 * The token counts of tokenizeTrajectory (`fullLength` and the response positions, untruncated)
 * without what only a heatmap needs: no token → text offsets, no template-inserted marks. Counting
 * every loaded trajectory on load then costs the render and the encoding only.
 */
export function trajectoryLength(ctx: TokenizeContext, messages: readonly Message[]): TrajectoryLength {
  const ids = ctx.tok.encode(ctx.tok.render(messages, false));
  return { tokens: ids.length, response: responseSpans(ids, ctx.headerIds, ctx.endIds, contextSpans(ctx, messages, ids)).length };
}
