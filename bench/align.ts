/**
 * npm run bench:align — how long the Compare tab's text alignment (core/compare/alignTexts, jsdiff)
 * takes on the real teachers of fixtures/realdata: every problem's two answers (Sky-T1's long
 * chain of thought against Qwen2.5's short one), and the worst case of two different ~100 kB
 * answers. The app runs it in a worker (analysis/alignWorker.ts), so these are the seconds a
 * comparison waits for its difference marks, never a frozen page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { alignTexts } from '../src/core/compare/alignTexts';

const REALDATA = path.resolve(import.meta.dirname, '../fixtures/realdata');
const answers = (file: string) =>
  new Map(
    fs
      .readFileSync(path.join(REALDATA, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; messages: { content: string }[] })
      .map((r) => [r.id, r.messages.at(-1)!.content]),
  );
const sky = answers('teacher_sky-t1-math-reflection-0.2-32b.jsonl');
const qwen = answers('teacher_qwen2.5-14b-instruct.jsonl');
const time = (a: string, b: string) => {
  const t0 = performance.now();
  const al = alignTexts(a, b);
  return { ms: performance.now() - t0, spans: al.spans.length };
};

time('warm up the JIT', 'warm up the JIT once');
const pairs = [...sky].map(([id, a]) => ({ id, chars: a.length + qwen.get(id)!.length, ...time(a, qwen.get(id)!) }));
pairs.sort((x, y) => y.ms - x.ms);
const median = pairs[Math.floor(pairs.length / 2)].ms;
console.log(`rsr-lens bench:align — ${pairs.length} problems, Sky-T1 (≤ ${Math.max(...[...sky.values()].map((s) => s.length)).toLocaleString('en-US')} chars) against Qwen2.5`);
console.log(`per problem: median ${median.toFixed(1)} ms, worst ${pairs[0].ms.toFixed(1)} ms (${pairs[0].id}, ${pairs[0].chars.toLocaleString('en-US')} chars)`);
const longest = [...sky.values()].sort((x, y) => y.length - x.length);
for (const [i, j] of [
  [0, 1],
  [2, 3],
]) {
  const r = time(longest[i], longest[j]);
  console.log(`two different long answers (${longest[i].length.toLocaleString('en-US')} and ${longest[j].length.toLocaleString('en-US')} chars): ${r.ms.toFixed(0)} ms, ${r.spans} spans`);
}
