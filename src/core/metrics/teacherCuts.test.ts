import { describe, expect, it } from 'vitest';
import { describePastContext, describeTruncation, hasCuts, resultCut, teacherCuts } from './teacherCuts';

describe('teacherCuts', () => {
  it('teacherCuts(rows) counts, per teacher, the rows its RSR rests on that were cut, and at which caps', () => {
    const cuts = teacherCuts([
      { teacher: 'a', respTokenLength: 5, cut: { truncated: true, maxTokens: 512 } },
      { teacher: 'b', respTokenLength: 5, cut: { truncated: false, maxTokens: 0 } },
      { teacher: 'a', respTokenLength: 5, cut: { truncated: true, maxTokens: 2048 } },
      { teacher: 'a', respTokenLength: 5, cut: { truncated: false, maxTokens: 2048 } },
      // No response: not in the teacher's RSR, so not in its counts.
      { teacher: 'a', respTokenLength: 0, cut: { truncated: true, maxTokens: 512 } },
      // An import that does not say.
      { teacher: 'b', respTokenLength: 5 },
    ]);
    expect([...cuts.keys()]).toEqual(['a', 'b']);
    expect(cuts.get('a')).toEqual({ n: 3, truncated: 2, truncatedAt: [512, 2048], maxTokens: [512, 2048], pastContext: 0 });
    expect(cuts.get('b')).toEqual({ n: 2, truncated: 0, truncatedAt: [], maxTokens: [0], pastContext: 0 });
    expect(hasCuts(cuts.values())).toBe(true);
    expect(hasCuts([cuts.get('b')!])).toBe(false);
    expect(describeTruncation(cuts.get('a')!)).toBe('2 of 3 trajectories cut at 512 / 2,048 tokens');
  });

  it('resultCut(result) reads the cut from the tokens, the provenance and the position limit', () => {
    const tokens = { truncated: true } as never;
    expect(resultCut({ tokens, provenance: { maxTokens: 64 } as never })).toEqual({ truncated: true, maxTokens: 64 });
    expect(resultCut({ tokens, provenance: {} as never, positionLimit: 30 })).toEqual({ truncated: true, positionLimit: 30 });
    const one = teacherCuts([{ teacher: 't', respTokenLength: 1, cut: { positionLimit: 30 } }]).get('t')!;
    expect(describePastContext(one)).toBe("1 of 1 trajectory longer than the student's context (max_position_embeddings 30)");
  });
});
