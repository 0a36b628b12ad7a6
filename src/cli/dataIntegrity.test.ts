import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 20's "data lost or wrong", with the real CLI in real processes: what select writes and what
// --resume keeps after the input changed, one run per output, rows past the limits, and a skip
// list that stays in bounded memory.
const BIN = path.resolve('bin/rsr-lens.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-integrity-'));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const chat = (id: string, answer = `The answer to ${id} is 4.`) => JSON.stringify({ id, messages: [{ role: 'user', content: `What is 2 + 2? (${id})` }, { role: 'assistant', content: answer }] });
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
const records = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
/** stderr without progress: the bar's carriage-return frames, or the plain `progress …` lines. */
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.includes('\r') && !l.startsWith('progress '));

describe('select and --resume match results to trajectories by id and content, not by line (reliability)', () => {
  it('reliability: select after a record was added at the top writes the trajectories the results name; after one was edited it refuses and writes nothing', async () => {
    const ids = ['p7-1', 'p7-2', 'p7-3'];
    const input = write('select/in.jsonl', ids.map((id) => chat(id)).join('\n') + '\n');
    const results = path.join(tmp, 'select/results.jsonl');
    expect(cli(['score', input, '--out', results]).code).toBe(0);
    // A record added at the top: every line moved by one.
    fs.writeFileSync(input, [chat('p7-0'), ...ids.map((id) => chat(id))].join('\n') + '\n');
    const picked = path.join(tmp, 'select/picked.jsonl');
    const run = cli(['select', results, '--top', '3', '--out', picked]);
    expect(run.code, run.stderr).toBe(0);
    expect(records(picked).map((r) => r.id).sort()).toEqual(ids);

    // p7-2 edited since it was scored: its result no longer describes any record.
    fs.writeFileSync(input, [chat('p7-0'), chat('p7-1'), chat('p7-2', 'Edited: it is 5.'), chat('p7-3')].join('\n') + '\n');
    fs.rmSync(picked);
    const refused = cli(['select', results, '--top', '3', '--out', picked]);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([
      `rsr-lens: ${results}:2 is the result of p7-2 at ${input}:2, but line 2 now holds p7-1, and no record of p7-2 with the content it was scored on: ${input} changed since it was scored; nothing was written. Score it again (rsr-lens score … --resume keeps what still matches), then select`,
    ]);
    expect(fs.existsSync(picked)).toBe(false);
  });

  it('reliability: --resume after the input was edited drops the stale results (an edited record is scored again, a deleted one goes) and says how many and why', async () => {
    const input = write('resume/in.jsonl', ['a', 'b', 'c', 'd'].map((id) => chat(id)).join('\n') + '\n');
    const out = path.join(tmp, 'resume/out.jsonl');
    expect(cli(['score', input, '--out', out]).code).toBe(0);
    const before = new Map(records(out).map((r) => [r.sample_id, r]));
    fs.writeFileSync(input, [chat('a', 'Edited: it is four.'), chat('b'), chat('d')].join('\n') + '\n');
    const run = cli(['score', input, '--out', out, '--resume']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--resume: dropped 2 results whose trajectories are no longer in the input as they were scored (edited or removed since): in/a, in/c');
    expect(run.stderr).toContain('; 2 were already scored;');
    const after = records(out);
    expect(after.map((r) => r.sample_id).sort()).toEqual(['a', 'b', 'd']);
    expect(after.find((r) => r.sample_id === 'a').content_hash).not.toBe(before.get('a').content_hash);
    expect(after.find((r) => r.sample_id === 'b')).toEqual(before.get('b'));
  });
});

describe('one run per output (reliability)', () => {
  it('reliability: a second run on the same --out (even with --resume) is refused while the first lives; the first then finishes whole', async () => {
    // Small: the first run is held still (SIGSTOP) once it holds the lock, whatever its length.
    const demo = [write('lock/in.jsonl', ['a', 'b', 'c'].map((id) => chat(id)).join('\n') + '\n')];
    const out = path.join(tmp, 'lock/out.jsonl');
    const lock = `${out}.lock`;
    const first = spawn(process.execPath, [BIN, 'score', ...demo, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    const firstDone = new Promise<number | null>((resolve) => first.on('exit', resolve));
    try {
      while (!fs.existsSync(lock)) await new Promise((r) => setTimeout(r, 20));
      // Held still while the second run tries: its answer cannot depend on how fast the first one is.
      first.kill('SIGSTOP');
      const second = cli(['score', ...demo, '--out', out, '--resume']);
      expect(second.code).toBe(2);
      expect(lines(second.stderr)).toEqual([
        expect.stringMatching(new RegExp(`^rsr-lens: another rsr-lens run \\(pid ${first.pid} since .+\\) is writing this output \\(${lock}\\): wait for it to end, or stop it; --resume then continues what it scored$`)),
      ]);
    } finally {
      first.kill('SIGCONT');
    }
    expect(await firstDone).toBe(0);
    const expected = demo.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);
    expect(records(out)).toHaveLength(expected);
    expect(fs.existsSync(lock), 'released at the end').toBe(false);
  });

  it('reliability: a lock left by a run that no longer runs is taken over, with a note', () => {
    const input = write('stale/in.jsonl', chat('a') + '\n');
    const out = path.join(tmp, 'stale/out.jsonl');
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    fs.writeFileSync(`${out}.lock`, JSON.stringify({ pid: gone, host: os.hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const run = cli(['score', input, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`note: took over ${out}.lock, left by pid ${gone}, which no longer runs`);
    expect(records(out)).toHaveLength(1);
  });
});

describe('rows past the limits (reliability)', () => {
  it('reliability: a 34 MB row is a skipped row naming its id and size, in the run and again under --resume; the rows around it are scored', () => {
    const input = write('huge/in.jsonl', [chat('before'), chat('huge', 'x'.repeat(34 * 2 ** 20)), chat('after')].join('\n') + '\n');
    const out = path.join(tmp, 'huge/out.jsonl');
    const reason = /^ {2}in\.jsonl:2 — huge is 35,651,\d{3} characters long, more than the 16,777,216 a conversation may have \(shorten or split it\)$/m;
    const run = cli(['score', input, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toContain('stopped');
    expect(records(out).map((r) => r.sample_id)).toEqual(['before', 'after']);
    const resumed = cli(['score', input, '--out', out, '--resume']);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(reason);
    expect(records(out).map((r) => r.sample_id)).toEqual(['before', 'after']);
  });

  // 80 MB: the student's tokenizer alone peaks near 60 MB while it is built (a one-line input fails
  // under 56), so 64 MB failed now and then on a busy machine for no fault of the skip list. The
  // list kept in memory, as it was, held ~450 bytes a line (10.5 M lines reached 4.7 GB): 300,000
  // lines would need ~135 MB more than the heap allows.
  it('reliability: 300,000 bad lines under an 80 MB heap: counted, the first 50 shown, every one streamed to the skip list (the list grew until the heap ran out)', () => {
    const input = write('bad/in.jsonl', chat('good') + '\n' + 'x\n'.repeat(300_000));
    const out = path.join(tmp, 'bad/out.jsonl');
    const run = cli(['score', input, '--out', out], { NODE_OPTIONS: '--max-old-space-size=80' });
    expect(run.code, run.stderr.slice(-500)).toBe(1);
    expect(run.stderr).toContain('\n300,000 rows not scored:\n');
    expect(run.stderr).toContain(`  … and 299,950 more, all listed in ${out}.skipped.tsv\n`);
    const skipped = fs.readFileSync(`${out}.skipped.tsv`, 'utf8').split('\n').filter(Boolean);
    expect(skipped).toHaveLength(300_001);
    expect(skipped[0]).toBe('file\tline\treason');
    expect(skipped[300_000]).toMatch(/^in\.jsonl\t300001\tinvalid JSON/);
    expect(records(out).map((r) => r.sample_id)).toEqual(['good']);
  });

  it.runIf(fs.existsSync('/dev/full'))('reliability: a full disk names the file it could not write and says --resume continues (the skip list written to /dev/full)', () => {
    const input = write('full/in.jsonl', chat('good') + '\n' + 'x\n'.repeat(60));
    const out = path.join(tmp, 'full/out.jsonl');
    fs.symlinkSync('/dev/full', `${out}.skipped.tsv`);
    const run = cli(['score', input, '--out', out]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toContain(`rsr-lens: no space left on the device while writing ${out}.skipped.tsv (ENOSPC): free some space, then run the same command with --resume; what was scored so far is kept`);
  });
});
