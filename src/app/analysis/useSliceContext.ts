import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../store/useLensStore';
import type { SliceContext } from './sliceFields';

/** What derived slice fields read besides the rows (the counted lengths, a derived pattern's values), kept stable between renders. */
export function useSliceContext(): SliceContext {
  const { lengths, derived } = useLensStore(useShallow((s) => ({ lengths: s.lengths, derived: s.derived })));
  return useMemo(() => ({ lengths, derived }), [lengths, derived]);
}
