import { jsonl } from './helpers';

/** 20 MB of JSONL, 7,000 rows of five teachers: the input the page must read and send to scoring without stalling (e2e reliability, bench:browser). */
export function bigInput(): string {
  const pad = 'x'.repeat(2800);
  return Array.from({ length: 7000 }, (_, i) => jsonl(`big-${i}`, `Question ${i}? ${pad}`, `Answer ${i}.`, `t${i % 5}`)).join('\n');
}
