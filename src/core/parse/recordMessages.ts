import type { Message } from '../types';
import { isJsonObject, jsonType, RecordError, type JsonObject } from './RecordError';

const PROMPT_KEYS = ['prompt', 'question', 'problem', 'instruction'];
const RESPONSE_KEYS = ['response', 'completion', 'output', 'answer'];
const SHAREGPT_ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  model: 'assistant',
  system: 'system',
};

/** A message whose content is not checked yet, with the name it goes by in error reasons. */
interface Draft {
  role: string;
  content: unknown;
  label: string;
}

/**
 * The conversation of one record, in any of the forms teachers' outputs come in:
 * chat `messages` (HF / OpenAI), ShareGPT `conversations`, or a prompt/response pair.
 * Throws a RecordError naming the first problem found.
 */
export function recordMessages(record: JsonObject): Message[] {
  if (Object.hasOwn(record, 'messages')) return checkConversation(chatDrafts(record.messages, 'messages', 1));
  if (Object.hasOwn(record, 'conversations')) return checkConversation(withSystem(record, shareGptDrafts(record.conversations)));
  const promptKey = PROMPT_KEYS.find((key) => Object.hasOwn(record, key));
  const responseKey = RESPONSE_KEYS.find((key) => Object.hasOwn(record, key));
  if (promptKey && responseKey) {
    const prompt = sideDrafts(record[promptKey], promptKey, 'user', 1);
    if (promptKey === 'instruction') alpacaInput(record, prompt);
    const response = sideDrafts(record[responseKey], responseKey, 'assistant', prompt.length + 1);
    return checkConversation(withSystem(record, [...prompt, ...response]));
  }
  if (promptKey) throw new RecordError(`"${promptKey}" has no response field (response, completion, output or answer)`);
  if (responseKey) throw new RecordError(`"${responseKey}" has no prompt field (prompt, question, problem or instruction)`);
  throw new RecordError('no "messages", "conversations" or prompt/response fields');
}

function chatDrafts(list: unknown, key: string, first: number): Draft[] {
  if (!Array.isArray(list)) throw new RecordError(`"${key}" must be an array (got ${jsonType(list)})`);
  if (list.length === 0) throw new RecordError(`"${key}" is empty`);
  const prefix = key === 'messages' ? '' : `"${key}" `;
  return list.map((message, j) => {
    const label = `${prefix}message ${first + j}`;
    if (!isJsonObject(message)) throw new RecordError(`${label} is not an object (got ${jsonType(message)})`);
    if (typeof message.role !== 'string') throw new RecordError(`${label} has no string "role" (got ${jsonType(message.role)})`);
    return { role: message.role, content: message.content, label: `${label} (${message.role})` };
  });
}

function shareGptDrafts(list: unknown): Draft[] {
  if (!Array.isArray(list)) throw new RecordError(`"conversations" must be an array (got ${jsonType(list)})`);
  if (list.length === 0) throw new RecordError('"conversations" is empty');
  return list.map((turn, j) => {
    const label = `message ${j + 1}`;
    if (!isJsonObject(turn)) throw new RecordError(`${label} is not an object (got ${jsonType(turn)})`);
    if (typeof turn.from !== 'string') throw new RecordError(`${label} has no string "from" (got ${jsonType(turn.from)})`);
    const role = SHAREGPT_ROLES[turn.from.toLowerCase()];
    if (!role) throw new RecordError(`${label} has an unknown "from" (${turn.from})`);
    return { role, content: turn.value, label: `${label} (${role})` };
  });
}

/** One side of a prompt/response pair: plain text, or (TRL's conversational form) a message list. */
function sideDrafts(value: unknown, key: string, role: string, first: number): Draft[] {
  if (typeof value === 'string') return [{ role, content: value, label: `"${key}"` }];
  if (Array.isArray(value)) return chatDrafts(value, key, first);
  throw new RecordError(`"${key}" must be a string or a list of messages (got ${jsonType(value)})`);
}

/** Alpaca keeps part of the prompt in `input`; dropping it would score the answer to another question. */
function alpacaInput(record: JsonObject, prompt: Draft[]) {
  const input = record.input;
  if (typeof input === 'string' && input.trim() && prompt.length === 1 && typeof prompt[0].content === 'string') {
    prompt[0].content = `${prompt[0].content}\n\n${input}`;
  }
}

/** A top-level `system` string (prompt/response and ShareGPT forms) becomes the first message. */
function withSystem(record: JsonObject, drafts: Draft[]): Draft[] {
  const system = record.system;
  if (system === undefined || system === null || system === '') return drafts;
  if (typeof system !== 'string') throw new RecordError(`"system" must be a string (got ${jsonType(system)})`);
  if (drafts.some((d) => d.role === 'system')) return drafts;
  return [{ role: 'system', content: system, label: '"system"' }, ...drafts];
}

function checkConversation(drafts: Draft[]): Message[] {
  const messages = drafts.map((draft) => {
    const content = contentText(draft.content, draft.label);
    // An empty turn would be scored as nothing (assistant) or condition on nothing (user).
    if ((draft.role === 'assistant' || draft.role === 'user') && !content.trim()) {
      throw new RecordError(`${draft.label} has empty content`);
    }
    return { role: draft.role, content };
  });
  if (!messages.some((m) => m.role === 'assistant')) throw new RecordError('no assistant turn');
  return messages;
}

/** Text of a message: a string, or text blocks joined with nothing between them, as chat templates do. */
function contentText(content: unknown, label: string): string {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) throw new RecordError(`${label} has no content`);
  if (!Array.isArray(content)) {
    throw new RecordError(`${label} content must be a string or a list of text blocks (got ${jsonType(content)})`);
  }
  return content.map((block) => blockText(block, label)).join('');
}

function blockText(block: unknown, label: string): string {
  if (!isJsonObject(block)) throw new RecordError(`${label} has a content block that is not an object (got ${jsonType(block)})`);
  if (typeof block.type !== 'string') throw new RecordError(`${label} has a content block without a "type"`);
  if (block.type !== 'text') throw new RecordError(`${label} has a non-text content block (${block.type})`);
  if (typeof block.text !== 'string') throw new RecordError(`${label} has a text block whose "text" is not a string`);
  return block.text;
}
