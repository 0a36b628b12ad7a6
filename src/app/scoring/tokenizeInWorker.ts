import type { TemplateMode } from '../../core/tokenize/responseMarkers';
import type { Trajectory } from '../../core/types';
import type { ModelSource, TokenizeOutcome, TokenizeRequest, WorkerEvent } from '../../worker/protocol';

let nextRequestId = 1;

/**
 * The student's tokenization of `trajectories`, computed in a worker of its own that loads only
 * the tokenizer. Not the model worker: that one may be busy with a scoring run (its requests are
 * serialised) and is replaced after any ONNX Runtime error, and tokenizing needs neither the
 * weights nor the runtime. The worker is terminated once it has answered.
 */
export function tokenizeInWorker(model: ModelSource, settings: { template: TemplateMode; maxTokens: number }, trajectories: Trajectory[]): Promise<TokenizeOutcome[]> {
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-tokenizer' });
  const request: TokenizeRequest = { type: 'tokenize', requestId: nextRequestId++, model, template: settings.template, maxTokens: settings.maxTokens, trajectories };
  return new Promise<TokenizeOutcome[]>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => {
      const event = e.data;
      if (event.type !== 'tokenized' || event.requestId !== request.requestId) return;
      worker.terminate();
      if (event.error) reject(new Error(`the student's tokenizer could not be loaded: ${event.error}`));
      else resolve(event.outcomes);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(e.message || 'the tokenizer worker crashed'));
    };
    worker.postMessage(request);
  });
}
