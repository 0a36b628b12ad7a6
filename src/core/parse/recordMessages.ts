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
  // A tool's output (LLaMA-Factory's `observation`): context for the next assistant turn.
  observation: 'tool',
  tool: 'tool',
  function: 'tool',
  // A call of a tool in its own turn: rendered as the assistant's `tool_calls`, scored as context (see shareGptDrafts).
  function_call: 'assistant',
};

/**
 * OpenAI's legacy `function` role is a function's result, today's `tool`: templates know only
 * `tool`, and one that knows neither would drop the turn and silently change the context.
 */
const CHAT_ROLE_ALIASES: Record<string, string> = { function: 'tool' };

/** A message whose content is not checked yet, with the name it goes by in error reasons. */
interface Draft {
  role: string;
  content: unknown;
  label: string;
  /** An assistant's calls of tools (OpenAI `tool_calls`), passed to the chat template as they are. */
  toolCalls?: unknown[];
  /** A ShareGPT `function_call` turn: rendered, not scored. */
  isContext?: boolean;
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
    const role = CHAT_ROLE_ALIASES[message.role] ?? message.role;
    const draft: Draft = { role, content: message.content, label: `${label} (${role})` };
    if (message.tool_calls !== undefined && message.tool_calls !== null) {
      if (!Array.isArray(message.tool_calls)) throw new RecordError(`${label} "tool_calls" must be an array (got ${jsonType(message.tool_calls)})`);
      if (message.tool_calls.length) draft.toolCalls = message.tool_calls;
    }
    return draft;
  });
}

function shareGptDrafts(list: unknown): Draft[] {
  if (!Array.isArray(list)) throw new RecordError(`"conversations" must be an array (got ${jsonType(list)})`);
  if (list.length === 0) throw new RecordError('"conversations" is empty');
  return list.map((turn, j) => {
    const label = `message ${j + 1}`;
    if (!isJsonObject(turn)) throw new RecordError(`${label} is not an object (got ${jsonType(turn)})`);
    if (typeof turn.from !== 'string') throw new RecordError(`${label} has no string "from" (got ${jsonType(turn.from)})`);
    const from = turn.from.toLowerCase();
    const role = SHAREGPT_ROLES[from];
    if (!role) throw new RecordError(`${label} has an unknown "from" (${turn.from})`);
    // The template needs an assistant message to render the call, but the turn is the kind of
    // exchange with a tool the issue counts as context (with `observation`), so it is not scored.
    if (from === 'function_call') return { role, content: '', toolCalls: [toolCall(turn.value, label)], isContext: true, label: `${label} (function_call)` };
    return { role, content: turn.value, label: `${label} (${role})` };
  });
}

/** A ShareGPT `function_call` value, `{"name": …, "arguments": …}` as an object or JSON text, as an OpenAI tool call. */
function toolCall(value: unknown, label: string): unknown {
  let call = value;
  if (typeof value === 'string') {
    try {
      call = JSON.parse(value);
    } catch {
      throw new RecordError(`${label} (function_call) is not JSON {"name", "arguments"}`);
    }
  }
  if (!isJsonObject(call) || typeof call.name !== 'string') throw new RecordError(`${label} (function_call) has no string "name"`);
  return { type: 'function', function: { name: call.name, arguments: call.arguments ?? {} } };
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
  const messages = drafts.map((draft): Message => {
    if (draft.toolCalls) {
      // A tool-calling turn often has no text: the calls are its content.
      const content = draft.content === undefined || draft.content === null ? '' : contentText(draft.content, draft.label);
      return { role: draft.role, content, tool_calls: draft.toolCalls, ...(draft.isContext && { isContext: true }) };
    }
    // A tool's result may be structured data; templates print it as text anyway.
    const content = draft.role === 'tool' && isStructured(draft.content) ? JSON.stringify(draft.content) : contentText(draft.content, draft.label);
    // An empty turn would be scored as nothing (assistant) or condition on nothing (user).
    if ((draft.role === 'assistant' || draft.role === 'user') && !content.trim()) {
      throw new RecordError(`${draft.label} has empty content`);
    }
    return { role: draft.role, content };
  });
  if (!messages.some((m) => m.role === 'assistant' && !m.isContext)) {
    throw new RecordError(messages.some((m) => m.role === 'assistant') ? 'no assistant turn besides function_call turns (context, not scored)' : 'no assistant turn');
  }
  return messages;
}

/** An object, or an array that is not a list of content blocks. */
function isStructured(content: unknown): boolean {
  if (isJsonObject(content)) return true;
  return Array.isArray(content) && !content.every((b) => isJsonObject(b) && typeof b.type === 'string');
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
