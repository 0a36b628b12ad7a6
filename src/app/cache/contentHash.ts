import type { Message } from '../../core/types';

/**
 * SHA-256 (hex) of a trajectory's messages as JSON: the content half of the result cache key.
 * Only the messages matter to the student, so an id or teacher rename keeps its cached scores.
 */
export async function contentHash(messages: Message[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(messages.map((m) => [m.role, m.content])));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
