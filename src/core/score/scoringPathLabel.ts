import type { ScoringPath } from '../types';

/** How each scoring path is named wherever a result's provenance is shown (CLI summary, run panel, provenance line). */
export const SCORING_PATH_LABEL: Record<ScoringPath, string> = { graph: 'in-graph', js: 'JS', server: 'server' };
