import { TEMPLATE_MODES } from '../../core/tokenize/responseMarkers';
import { MAIN_VIEWS, type MainView } from './layoutSlice';
import { DEFAULT_SETTINGS, DEVICE_CHOICES, DTYPE_CHOICES, type Settings } from './settingsSlice';
import { ATTENTION_MODES } from '../../worker/protocol';
import { HEATMAP_METRICS, SORT_COLUMNS, type HeatmapMetric, type SortState } from './trajectoriesSlice';
import type { FieldSlice } from '../analysis/recordFields';
import type { DerivedSpec } from '../analysis/sliceFields';
import type { LensState } from './useLensStore';

/**
 * Settings and selection live in the query string so a view can be bookmarked and shared.
 * Data never does: trajectories stay on the user's machine. `demo=1` only says "the bundled
 * samples were loaded", which the page can do again by itself. Defaults are left out.
 */
export interface UrlState {
  settings: Partial<Settings>;
  selectedKey: string | null;
  teacherFilter: string;
  idFilter: string;
  sort: SortState;
  heatmapMetric: HeatmapMetric;
  demo: boolean;
  /** The main tab, and the A/B comparison: teachers and open problem id (null = default). */
  view: MainView;
  compareA: string | null;
  compareB: string | null;
  compareId: string | null;
  /** Text search over the messages (`find`, a regex with `re=1`), a field slice (`slice=field=value`) and field columns (`cols`, comma-separated). */
  textQuery: string;
  isRegex: boolean;
  fieldSlice: FieldSlice | null;
  fieldColumns: string[];
  /** A derived field (`derive=field~pattern`). */
  derivedSpec: DerivedSpec | null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

function integer(value: string | null, min: number): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min ? n : undefined;
}

/** Read what the URL asks for; anything malformed is ignored, never an error. */
export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const settings: Partial<Settings> = {};
  const model = q.get('model');
  if (model?.startsWith('hub:') && model.length > 4) Object.assign(settings, { student: 'hub', hubId: model.slice(4) });
  // A dropped folder is named, not carried: the page asks for it again (keptModelFolder.ts).
  if (model?.startsWith('files:')) settings.student = 'files';
  // A server student: its URL, and where its tokenizer comes from (`tok=hub:<id>`, `bundled`, `files`). Never its key.
  const server = q.get('server');
  if (server !== null) {
    Object.assign(settings, { student: 'server', serverUrl: server });
    const tok = q.get('tok') ?? '';
    if (tok.startsWith('hub:')) Object.assign(settings, { serverTokenizer: 'hub', serverTokenizerId: tok.slice(4) });
    else if (tok === 'bundled' || tok === 'files') settings.serverTokenizer = tok;
  }
  const device = oneOf(q.get('device'), DEVICE_CHOICES);
  if (device) settings.device = device;
  const dtype = oneOf(q.get('dtype'), DTYPE_CHOICES);
  if (dtype) settings.dtype = dtype;
  const template = oneOf(q.get('template'), TEMPLATE_MODES);
  if (template) settings.template = template;
  const clip = integer(q.get('clip'), 1);
  if (clip !== undefined) settings.clip = clip;
  const maxTokens = integer(q.get('max'), 0);
  if (maxTokens !== undefined) settings.maxTokens = maxTokens;
  const chunk = integer(q.get('chunk'), 1);
  if (chunk !== undefined) settings.chunkBudgetMiB = chunk;
  const attention = oneOf(q.get('gqa'), ATTENTION_MODES);
  if (attention) settings.attention = attention;
  const sortParam = q.get('sort') ?? '';
  const sortName = sortParam.replace(/^-/, '');
  const sortColumn = oneOf(sortName, SORT_COLUMNS) ?? (sortName.startsWith('field:') && sortName.length > 6 ? (sortName as `field:${string}`) : undefined);
  const sliceParam = q.get('slice') ?? '';
  const deriveParam = q.get('derive') ?? '';
  const tilde = deriveParam.indexOf('~');
  const eq = sliceParam.indexOf('=');
  return {
    settings,
    selectedKey: q.get('sel') || null,
    teacherFilter: q.get('teacher') ?? '',
    idFilter: q.get('q') ?? '',
    sort: sortColumn ? { column: sortColumn, descending: sortParam.startsWith('-') } : { column: null, descending: false },
    heatmapMetric: oneOf(q.get('metric'), HEATMAP_METRICS) ?? 'surprisal',
    demo: q.get('demo') === '1',
    view: oneOf(q.get('view'), MAIN_VIEWS) ?? 'trajectories',
    compareA: q.get('a') || null,
    compareB: q.get('b') || null,
    compareId: q.get('pid') || null,
    textQuery: q.get('find') ?? '',
    isRegex: q.get('re') === '1',
    fieldSlice: eq > 0 ? { field: sliceParam.slice(0, eq), value: sliceParam.slice(eq + 1) } : null,
    fieldColumns: (q.get('cols') ?? '').split(',').filter(Boolean),
    derivedSpec: tilde > 0 && tilde < deriveParam.length - 1 ? { field: deriveParam.slice(0, tilde), pattern: deriveParam.slice(tilde + 1) } : null,
  };
}

/** The query string for the current state (without '?'). */
export function urlSearchOf(s: LensState): string {
  const q = new URLSearchParams();
  if (s.student === 'hub' && s.hubId.trim()) q.set('model', `hub:${s.hubId.trim()}`);
  if (s.student === 'files' && s.droppedModel) q.set('model', `files:${s.droppedModel.name}`);
  if (s.student === 'server') {
    q.set('server', s.serverUrl.trim());
    const tok = s.serverTokenizer === 'hub' ? (s.serverTokenizerId.trim() ? `hub:${s.serverTokenizerId.trim()}` : '') : s.serverTokenizer;
    if (tok) q.set('tok', tok);
  }
  if (s.device !== DEFAULT_SETTINGS.device) q.set('device', s.device);
  if (s.dtype !== DEFAULT_SETTINGS.dtype) q.set('dtype', s.dtype);
  if (s.template !== DEFAULT_SETTINGS.template) q.set('template', s.template);
  if (s.clip !== DEFAULT_SETTINGS.clip) q.set('clip', String(s.clip));
  if (s.maxTokens !== DEFAULT_SETTINGS.maxTokens) q.set('max', String(s.maxTokens));
  if (s.chunkBudgetMiB !== DEFAULT_SETTINGS.chunkBudgetMiB) q.set('chunk', String(s.chunkBudgetMiB));
  if (s.attention !== DEFAULT_SETTINGS.attention) q.set('gqa', s.attention);
  if (s.files.some((f) => f.origin === 'demo')) q.set('demo', '1');
  if (s.teacherFilter) q.set('teacher', s.teacherFilter);
  if (s.idFilter) q.set('q', s.idFilter);
  if (s.textQuery) q.set('find', s.textQuery);
  if (s.isRegex) q.set('re', '1');
  if (s.fieldSlice) q.set('slice', `${s.fieldSlice.field}=${s.fieldSlice.value}`);
  if (s.fieldColumns.length) q.set('cols', s.fieldColumns.join(','));
  if (s.derivedSpec) q.set('derive', `${s.derivedSpec.field}~${s.derivedSpec.pattern}`);
  if (s.sort.column) q.set('sort', `${s.sort.descending ? '-' : ''}${s.sort.column}`);
  if (s.heatmapMetric !== 'surprisal') q.set('metric', s.heatmapMetric);
  if (s.selectedKey) q.set('sel', s.selectedKey);
  if (s.mainView !== 'trajectories') q.set('view', s.mainView);
  if (s.compareA) q.set('a', s.compareA);
  if (s.compareB) q.set('b', s.compareB);
  if (s.compareId) q.set('pid', s.compareId);
  return q.toString();
}
