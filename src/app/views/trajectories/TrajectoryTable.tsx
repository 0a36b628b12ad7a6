import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { withCountedLengths, type TableRow } from '../../analysis/tableRows';
import { tableView } from '../../analysis/tableView';
import { useTeachers } from '../../analysis/useTeachers';
import { fieldText } from '../../analysis/recordFields';
import { plainHit, type SearchHit } from '../../analysis/textSearch';
import { LENGTH, type SliceContext } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import type { TrajectoryLength } from '../../../core/tokenize/trajectoryLength';
import type { Message } from '../../../core/types';
import { appendMemo } from '../../store/appendedList';
import { SORT_COLUMNS, type FieldColumn, type SortColumn } from '../../store/trajectoriesSlice';
import { useLensStore } from '../../store/useLensStore';
import { BrushStatus } from '../teachers/BrushStatus';
import { formatCount, formatNumber, formatPlural } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';
import { Swatch } from '../ui/Swatch';
import { TeacherOptions } from '../ui/TeacherOptions';
import { useGridRows } from '../ui/useGridRows';
import { FieldControls } from './FieldControls';
import { MatchCell } from './MatchCell';
import { SearchField } from './SearchField';

const ROW_HEIGHT = 30;
const NO_LENGTHS: ReadonlyMap<string, TrajectoryLength> = new Map();
const NO_SLICE_CONTEXT: SliceContext = {};

interface Column {
  key: SortColumn | FieldColumn | 'match';
  label: string;
  /** Tooltip on the header: what the number is. */
  title: string;
  numeric: boolean;
  format?: (x: number | undefined) => string;
  /** The search's match column is not sorted by. */
  isSortable?: boolean;
}

const COLUMN_INFO: Record<SortColumn, Omit<Column, 'key'>> = {
  id: { label: 'ID', title: 'Trajectory id', numeric: false },
  teacher: { label: 'Teacher', title: 'Teacher (file or teacher field)', numeric: false },
  length: {
    label: 'Length',
    title: "Tokens of the whole conversation, prompt included, as the student's chat template renders it: counted on load with the student's tokenizer, before scoring",
    numeric: true,
    format: formatCount,
  },
  tokens: {
    label: 'Resp. tok.',
    title: 'Response tokens: those scored (fewer when max tokens cut the conversation), or, before scoring, as counted on load',
    numeric: true,
    format: formatCount,
  },
  rsr: { label: 'RSR', title: 'Rank-Surprisal Ratio, Eq. 7: Σ min(rank, R) / Σ surprisal. Lower is better.', numeric: true, format: (x) => formatNumber(x, 4) },
  // Short labels keep the header one line on a laptop screen; the titles say what each average is.
  avgRankClip: { label: 'Rank (clip)', title: 'Average clipped rank: the mean of min(rank, R) over the response tokens', numeric: true, format: (x) => formatNumber(x, 2) },
  avgSurprisal: { label: 'Surprisal', title: 'Average surprisal of the response tokens, nats', numeric: true, format: (x) => formatNumber(x, 3) },
  avgEntropy: { label: 'Entropy', title: "Average entropy of the student's next-token distribution over the response tokens, nats", numeric: true, format: (x) => formatNumber(x, 3) },
};
const COLUMNS: Column[] = SORT_COLUMNS.map((key) => ({ key, ...COLUMN_INFO[key] }));
/** While a search is on, after the teacher: where it matched. */
const MATCH_COLUMN: Column = { key: 'match', label: 'Match', title: 'The first match in its context, and how many matches the trajectory has', numeric: false, isSortable: false };

/** The grid's columns (without a search or field columns, as in styles.css): id, teacher, [match], the six numbers, [fields]. */
function gridTemplate(hasMatch: boolean, fieldCount: number): string {
  return [
    'minmax(6.5rem, 1.1fr) minmax(9rem, 2fr)',
    hasMatch ? 'minmax(11rem, 2.4fr)' : '',
    'repeat(6, minmax(4.6rem, 0.8fr))',
    fieldCount ? `repeat(${fieldCount}, minmax(6rem, 1fr))` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function cellText(row: TableRow, c: Column): string {
  if (c.key === 'match') return '';
  if (c.key.startsWith('field:')) return fieldText(row.fields?.[c.key.slice('field:'.length)]);
  if (!c.numeric) return row[c.key as 'id' | 'teacher'];
  // Lengths are known before scoring (counted on load).
  if (c.key === 'length' || (c.key === 'tokens' && row.status === 'pending')) return c.format!(row[c.key]);
  if (row.status === 'skipped') return c.key === 'rsr' ? 'skipped' : '';
  if (row.status === 'pending') return c.key === 'rsr' ? 'pending' : '';
  return c.format!(row[c.key as Exclude<SortColumn, 'id' | 'teacher' | 'length'>]);
}

/** The trajectories, filtered and sorted, virtualized so 10,000 rows scroll smoothly. */
export function TrajectoryTable() {
  const s = useLensStore(
    useShallow((st) => ({
      trajectories: st.trajectories,
      results: st.results,
      skipped: st.skipped,
      teacherFilter: st.teacherFilter,
      idFilter: st.idFilter,
      sort: st.sort,
      selectedKey: st.selectedKey,
      trajectorySelected: st.trajectorySelected,
      teacherFilterChanged: st.teacherFilterChanged,
      idFilterChanged: st.idFilterChanged,
      sortToggled: st.sortToggled,
      importedRows: st.importedRows,
      brush: st.brush,
      textQuery: st.textQuery,
      isRegex: st.isRegex,
      regexResult: st.regexResult,
      searchProblem: st.searchProblem,
      searchingFor: st.searchingFor,
      byKey: st.byKey,
      fieldSlice: st.fieldSlice,
      fieldColumns: st.fieldColumns,
      lengths: st.lengths,
    })),
  );
  const { teachers, colors } = useTeachers();
  const isSearch = !!s.textQuery.trim() && !(s.isRegex && s.searchProblem);
  // A regex search keeps its last result on screen while the next pattern runs (the status says so).
  const hits = s.isRegex && isSearch ? (s.regexResult?.hits ?? null) : null;
  const sliceContext = useSliceContext();
  // Rows of new trajectories only, while a file arrives (tableView.ts); from the first on any other
  // change. The counted lengths are read by the rows drawn (withCountedLengths), unless the order
  // or the slice needs them: a count arriving does not make every row again.
  const [viewOf] = useState(() => appendMemo(tableView));
  const isByLength = s.sort.column === 'length' || s.sort.column === 'tokens' || s.fieldSlice?.field === LENGTH;
  const { rows, total } = viewOf(s.trajectories, {
    results: s.results,
    skipped: s.skipped,
    lengths: isByLength ? s.lengths : NO_LENGTHS,
    importedRows: s.importedRows,
    teacherFilter: s.teacherFilter,
    idFilter: s.idFilter,
    textQuery: s.textQuery,
    isRegex: s.isRegex,
    hits,
    isSearch,
    fieldSlice: s.fieldSlice,
    sliceContext: s.fieldSlice ? sliceContext : NO_SLICE_CONTEXT,
    brush: s.brush,
    sort: s.sort,
  });
  const columns = useMemo<Column[]>(
    () => [
      ...COLUMNS.slice(0, 2),
      ...(isSearch ? [MATCH_COLUMN] : []),
      ...COLUMNS.slice(2),
      ...s.fieldColumns.map((name) => ({ key: `field:${name}` as const, label: name, title: `Record field "${name}"`, numeric: false })),
    ],
    [s.fieldColumns, isSearch],
  );
  const gridColumns = isSearch || s.fieldColumns.length ? gridTemplate(isSearch, s.fieldColumns.length) : undefined;
  /** A row's search hit: the regex search's, or the plain search's, found for the rows drawn. */
  const hitOf = (r: TableRow) => r.hit ?? (!s.isRegex ? plainHitOf(s.byKey.get(r.key)?.messages, s.textQuery.trim()) : undefined);
  const scoredCount = s.results.size;
  // The virtualizer measures every item each time its count changes; while a file arrives the count
  // changes at every commit, so it is given room that doubles, and the items past the rows are not
  // drawn (a million rows: 20 measurements, not 80). Its items are keyed by index (see useGridRows).
  const room = rows.length && 2 ** Math.ceil(Math.log2(rows.length));
  const { scrollRef, virtualizer } = useGridRows(room, undefined, ROW_HEIGHT);
  const teacherId = useId();
  const idFilterId = useId();

  const selectedIndex = useMemo(() => (s.selectedKey === null ? -1 : rows.findIndex((r) => r.key === s.selectedKey)), [rows, s.selectedKey]);
  // Bring a selection made elsewhere (URL, keyboard) into view; a click is already in view.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.selectedKey, rows.length > 0]);

  const moveSelection = (e: KeyboardEvent) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    const edge = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : undefined;
    if (step === undefined && edge === undefined) return;
    e.preventDefault();
    if (!rows.length) return;
    const next = edge ?? Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + step!));
    s.trajectorySelected(rows[next].key);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // The row may only exist after the scroll renders it.
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };

  const focusIndex = selectedIndex >= 0 ? selectedIndex : 0;
  const isFiltered = rows.length !== total;

  return (
    <section className="panel table-panel" aria-labelledby="table-heading">
      <div className="toolbar">
        {/* The tab says it; the heading stays for the region's name and screen readers. */}
        <h2 id="table-heading" className="visually-hidden">
          Trajectories
        </h2>
        <p className="muted table-count" role="status" aria-live="polite">
          {isFiltered
            ? `${formatCount(rows.length)} of ${formatPlural(total, 'trajectory', 'trajectories')}`
            : formatPlural(total, 'trajectory', 'trajectories')}
          {s.trajectories.length > 0 && ` · ${formatCount(scoredCount)} scored`}
          {s.searchingFor !== null && ' · searching…'}
        </p>
        {/* Labels are read, not shown: each control says what it is by its first option or placeholder, so the toolbar is one row at 1280 px. */}
        <div className="field field-inline">
          <label htmlFor={teacherId} className="visually-hidden">
            Teacher
          </label>
          <select id={teacherId} value={s.teacherFilter} onChange={(e) => s.teacherFilterChanged(e.currentTarget.value)}>
            <option value="">All teachers</option>
            <TeacherOptions teachers={teachers} />
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={idFilterId} className="visually-hidden">
            Filter by id
          </label>
          <input id={idFilterId} type="search" value={s.idFilter} placeholder="Filter by id" onChange={(e) => s.idFilterChanged(e.currentTarget.value)} />
        </div>
        <SearchField />
        <FieldControls />
        <BrushStatus />
      </div>
      <div
        className="grid"
        role="grid"
        aria-label="Trajectories"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        style={gridColumns ? { ['--columns' as string]: gridColumns } : undefined}
      >
        <div className="grid-head" role="rowgroup">
          <div className="grid-row" role="row" aria-rowindex={1}>
            {columns.map((c) => {
              const isSorted = s.sort.column === c.key;
              return (
                <div
                  key={c.key}
                  role="columnheader"
                  className={`grid-cell${c.numeric ? ' num' : ''}`}
                  aria-sort={isSorted ? (s.sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  {c.key === 'match' ? (
                    <span className="sort-button" title={c.title}>
                      {c.label}
                    </span>
                  ) : (
                  <button type="button" className="sort-button" title={c.title} onClick={() => s.sortToggled(c.key as SortColumn | FieldColumn)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {isSorted ? (s.sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div className="grid-body" role="rowgroup" ref={scrollRef} onKeyDown={moveSelection}>
          {rows.length === 0 ? (
            <p className="empty">
              {total ? 'No trajectory matches the filters.' : 'No data yet. Drop teacher files or load the demo data to begin.'}
            </p>
          ) : (
            <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
              {virtualizer.getVirtualItems().filter((v) => v.index < rows.length).map((v) => {
                const r = withCountedLengths(rows[v.index], s.lengths);
                const isSelected = r.key === s.selectedKey;
                return (
                  <div
                    key={r.key}
                    role="row"
                    data-testid="trajectory-row"
                    data-index={v.index}
                    data-key={r.key}
                    data-id={r.id}
                    data-teacher={r.teacher}
                    data-rsr={r.rsr === undefined ? undefined : String(r.rsr)}
                    data-length={r.length}
                    data-tokens={r.tokens}
                    data-status={r.status}
                    aria-rowindex={v.index + 2}
                    aria-selected={isSelected}
                    tabIndex={v.index === focusIndex ? 0 : -1}
                    className={`grid-row body-row${isSelected ? ' is-selected' : ''}`}
                    style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                    onClick={() => s.trajectorySelected(r.key)}
                  >
                    {columns.map((c) => (
                      <div key={c.key} role="gridcell" title={c.numeric || c.key === 'teacher' ? undefined : cellText(r, c)} className={`grid-cell${c.numeric ? ' num tabular' : ''}${r.status !== 'scored' && r.status !== 'imported' && c.numeric ? ' muted' : ''}`}>
                        {c.key === 'teacher' && <Swatch color={colors.get(r.teacher)} />}
                        {c.key === 'teacher' ? <MiddleEllipsis text={r.teacher} /> : c.key === 'match' ? <MatchCell hit={hitOf(r)} messages={s.byKey.get(r.key)?.messages} /> : cellText(r, c)}
                        {c.key === 'id' && r.status === 'imported' && <span className="badge badge-imported">imported</span>}
                        {c.key === 'id' && r.isTruncated && (
                          <span className="badge badge-warn" title="The max tokens setting cut this conversation before it was scored">
                            truncated
                          </span>
                        )}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** The plain search's hit per message list, for the query last asked (rows are drawn again on every scroll). */
const plainHits = new WeakMap<readonly Message[], { query: string; hit: SearchHit | undefined }>();

function plainHitOf(messages: readonly Message[] | undefined, query: string): SearchHit | undefined {
  if (!messages || !query) return undefined;
  const cached = plainHits.get(messages);
  if (cached?.query === query) return cached.hit;
  const hit = plainHit(messages, query);
  plainHits.set(messages, { query, hit });
  return hit;
}
