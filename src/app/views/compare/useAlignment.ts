import { useEffect, useState } from 'react';
import type { TextAlignment } from '../../../core/compare/alignTexts';
import { alignInWorker } from '../../analysis/alignInWorker';

/** The alignment of two texts once the worker has it (null while it works, or without both texts), and how long it took. */
export function useAlignment(a: string | undefined, b: string | undefined): { alignment: TextAlignment | null; ms: number | null } {
  const [state, setState] = useState<{ a?: string; b?: string; alignment: TextAlignment | null; ms: number | null }>({ alignment: null, ms: null });
  useEffect(() => {
    if (a === undefined || b === undefined) return;
    let isCurrent = true;
    void alignInWorker(a, b).then((answer) => {
      if (isCurrent) setState({ a, b, alignment: answer.alignment, ms: answer.ms });
    });
    return () => {
      isCurrent = false;
    };
  }, [a, b]);
  // An answer for other texts is no answer for these.
  return state.a === a && state.b === b ? { alignment: state.alignment, ms: state.ms } : { alignment: null, ms: null };
}
