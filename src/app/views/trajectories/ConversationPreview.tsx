import type { Message } from '../../../core/types';

/** Preview length per message: enough to recognise it, bounded for 30k-token trajectories. */
const PREVIEW_CHARS = 4000;

/** The raw messages of an unscored trajectory, as plain text (never HTML). */
export function ConversationPreview({ messages }: { messages: Message[] }) {
  return (
    <ol className="conversation" aria-label="Conversation">
      {messages.map((m, i) => (
        <li key={i} className={`message message-${m.role === 'assistant' ? 'assistant' : 'other'}`}>
          <span className="message-role">{m.role}</span>
          <p className="message-text">
            {m.content.length > PREVIEW_CHARS ? `${m.content.slice(0, PREVIEW_CHARS)} … (${(m.content.length - PREVIEW_CHARS).toLocaleString('en-US')} more characters)` : m.content}
          </p>
        </li>
      ))}
    </ol>
  );
}
