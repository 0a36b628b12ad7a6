import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputPaths } from './inputPaths';
import type { ProgressState } from './progressBar';
import { scoreFiles } from './scoreFiles';

describe('scoreFiles progress', () => {
  it('counts the run’s tokens before scoring: the total never moves, the percentage moves with every chunk, and the ETA comes with it', async () => {
    const states: ProgressState[] = [];
    const fed: number[] = [];
    // Four trajectories of the parity fixture; the bundled student in chunks of 16 positions (the smallest budget), so each takes several calls.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-progress-')), 'four.jsonl');
    fs.writeFileSync(file, fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8').split('\n').slice(0, 4).join('\n'));
    const outcome = await scoreFiles(inputPaths([file]), { dtype: 'fp32', device: 'cpu', js: false, clip: 100, template: 'qwen', maxTokens: 0, chunkBudgetBytes: 1 }, {
      onResult: (r) => fed.push(r.tokens.inputIds.length),
      onProgress: (s) => states.push(s),
    });
    expect(outcome.errors.count).toBe(0);
    const scoring = states.filter((s) => s.unit === 'tokens' && s.total > 0);
    expect(scoring.length).toBeGreaterThan(fed.length);
    // The total is the tokens the run then fed, exactly, from the first report on.
    const total = fed.reduce((a, b) => a + b, 0);
    expect(new Set(scoring.map((s) => s.total))).toEqual(new Set([total]));
    for (let i = 1; i < scoring.length; i++) expect(scoring[i].done).toBeGreaterThan(scoring[i - 1].done);
    // Within one trajectory (the same label), the count still moves.
    const first = scoring.filter((s) => s.label === scoring[0].label);
    expect(first.length).toBeGreaterThan(1);
    expect(first.at(-1)!.done).toBeGreaterThan(first[0].done);
    expect(scoring[0].label).toBe(`1/${fed.length} trajectories`);
    expect(scoring.at(-1)!.eta).toMatch(/^(estimating…|\d|more than)/);
  }, 120_000);
});
