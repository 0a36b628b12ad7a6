import { useMemo } from 'react';
import { SCORING_PATH_LABEL } from '../../../core/score/scoringPathLabel';
import type { Provenance } from '../../../core/types';
import { IMPORTED_DEVICE } from '../../input/isImportedResult';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';

function describe(p: Provenance): string {
  if (p.device === IMPORTED_DEVICE) return `${p.model} · imported per-token scores · R = ${p.clip} · template ${p.template}`;
  const ranks = p.rankSemantics ? ` · ranks: ${p.rankSemantics}` : '';
  // The token limit only when there is one: it cuts conversations, and every verdict on them says so.
  const cap = p.maxTokens ? ` · max tokens ${p.maxTokens.toLocaleString('en-US')}` : '';
  return `${p.model} · ${p.dtype} · ${p.device} · ${SCORING_PATH_LABEL[p.path]} scoring · R = ${p.clip}${cap} · template ${p.template} · RSR Lens ${p.version}${ranks}`;
}

/** What produced the numbers on screen; several lines when results came from different runs. */
export function ProvenanceLine() {
  const results = useLensStore((s) => s.results);
  const groups = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of results.values()) {
      const d = describe(r.provenance);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return [...counts];
  }, [results]);
  if (!groups.length) return null;
  return (
    <div className="provenance" aria-label="Provenance">
      {groups.map(([text, n]) => (
        <p key={text}>
          <span className="muted">Scored by</span> {text}
          {groups.length > 1 && <span className="muted"> ({formatCount(n)})</span>}
        </p>
      ))}
    </div>
  );
}
