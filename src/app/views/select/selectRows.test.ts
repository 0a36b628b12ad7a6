import { describe, expect, it } from 'vitest';
import { row } from '../../../core/select/testRows.fixture';
import { selectRows } from './selectRows';

const rows = [row('p1', 'a', 3), row('p1', 'b', 1), row('p2', 'a', 2), row('p2', 'b', 5)];
const picked = (mode: 'perProblem' | 'topN' | 'belowThreshold') => selectRows(rows, { mode, topN: 3, maxRsr: 3 }).map((r) => `${r.id}:${r.teacher}`);

describe('selectRows', () => {
  it('selectRows(rows, perProblem) keeps the lowest RSR per problem id', () => {
    expect(picked('perProblem')).toEqual(['p1:b', 'p2:a']);
  });
  it('selectRows(rows, topN) keeps the N lowest, best first', () => {
    expect(picked('topN')).toEqual(['p1:b', 'p2:a', 'p1:a']);
  });
  it('selectRows(rows, belowThreshold) keeps RSR < t in input order', () => {
    expect(picked('belowThreshold')).toEqual(['p1:b', 'p2:a']);
  });
});
