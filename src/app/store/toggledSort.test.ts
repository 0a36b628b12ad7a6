import { describe, expect, it } from 'vitest';
import { toggledSort } from './toggledSort';

describe('toggledSort', () => {
  it('toggledSort(sort, column) sorts a new column ascending and flips the same column', () => {
    expect(toggledSort({ column: null, descending: false }, 'rsr')).toEqual({ column: 'rsr', descending: false });
    expect(toggledSort({ column: 'rsr', descending: false }, 'rsr')).toEqual({ column: 'rsr', descending: true });
    expect(toggledSort({ column: 'rsr', descending: true }, 'rsr')).toEqual({ column: 'rsr', descending: false });
    expect(toggledSort({ column: 'rsr', descending: true }, 'id')).toEqual({ column: 'id', descending: false });
  });
});
