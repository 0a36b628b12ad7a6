import type { ScoredTrajectory } from '../../core/types';

/**
 * The `device` recorded in the provenance of a result built from imported per-token scores: they
 * were computed elsewhere (a GPU cluster, the CLI), so no browser device produced them. Marking
 * the provenance, rather than keeping a side list, lets every view tell them apart from the
 * result alone.
 */
export const IMPORTED_DEVICE = 'imported';

/** Whether a result came from an imported `_inferred_data` (or CLI `--tokens`) file. */
export function isImportedResult(r: Pick<ScoredTrajectory, 'provenance'>): boolean {
  return r.provenance.device === IMPORTED_DEVICE;
}
