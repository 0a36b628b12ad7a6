import type { Message } from '../types';

/**
 * SHA-256 (hex) of a trajectory's messages: what the student sees and what is scored, so an id or
 * teacher rename keeps a result's identity (the app's result cache and the CLI's --resume use this
 * digest). Tool calls count when present, and so does a turn that is context only (the same call
 * as an OpenAI assistant message is scored); without either the digest is `[[role, content], …]`.
 */
export async function contentHash(messages: readonly Message[]): Promise<string> {
  const parts = messages.map((m) => {
    const part: unknown[] = [m.role, m.content];
    if (m.tool_calls) part.push(m.tool_calls);
    if (m.isContext) part.push('context');
    return part;
  });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(parts)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
