import type { Message } from '../types';

/**
 * SHA-256 (hex) of a trajectory's messages: what the student sees, so an id or teacher rename
 * keeps a result's identity (the app's result cache uses the same digest). Tool calls count
 * when present; without them the digest is the app's `[[role, content], …]` one.
 */
export async function contentHash(messages: readonly Message[]): Promise<string> {
  const parts = messages.map((m) => (m.tool_calls ? [m.role, m.content, m.tool_calls] : [m.role, m.content]));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(parts)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
