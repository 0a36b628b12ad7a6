import type { FieldMap } from '../../core/parse/fieldMap';
import { isJsonObject } from '../../core/parse/RecordError';
import { teacherFromFile, teachersOfPaths } from '../../core/parse/teacherFromFile';
import type { ParseSource } from '../../worker/parseProtocol';
import { restoreCachedResults } from '../cache/restoreCachedResults';
import { parseInWorker } from '../scoring/parseInWorker';
import type { LoadedFile } from '../store/datasetSlice';
import { recordsCommitter } from '../store/recordsCommitter';
import { useLensStore } from '../store/useLensStore';
import type { DroppedFile } from './collectDroppedFiles';
import { uniqueNames } from './uniqueNames';

/** The five synthetic teachers shipped in `public/samples/` (the same 60 problems each). */
export const DEMO_FILES = [
  'teacher_noise.jsonl',
  'teacher_paraphrase.jsonl',
  'teacher_reflective.jsonl',
  'teacher_student.jsonl',
  'teacher_terse.jsonl',
];

interface Source extends ParseSource {
  origin: LoadedFile['origin'];
}

/** Files none of whose records loaded, kept to read again once the user has mapped their fields. */
const unrecognisedSources = new Map<string, Source>();

/** The longest sample shown for a file whose fields are not recognised. */
const SAMPLE_CHARS = 1500;

/**
 * Parse several sources in the parse worker and put their records in the store as they arrive, a
 * file after the other in the given order (recordsCommitter: the table fills and the status counts
 * up while a big file is read), then restore whatever the cache already holds. Hashes come with
 * the records, so nothing is computed here. Returns the sources whose bytes turned out to be
 * results (ParseSource.detectResults): for the caller to import.
 */
async function loadSources(sources: Source[], fieldMap?: FieldMap): Promise<Source[]> {
  const results: Source[] = [];
  const store = useLensStore.getState();
  for (const s of sources) store.parseStarted(s.name);
  const committers = sources.map((s) => recordsCommitter(s.name, s.origin));
  const parsed = parseInWorker(
    sources.map(({ origin: _, ...source }) => source),
    (i, batch) => committers[i].add(batch),
    fieldMap,
  );
  for (const [i, s] of sources.entries()) {
    try {
      const r = await parsed[i];
      if (r.isResults) {
        store.fileIsResults(s.name);
        results.push(s);
        continue;
      }
      const loaded = committers[i].finish();
      if (!loaded.trajectories && !loaded.errors && r.sample === undefined) {
        // A file with no record at all would otherwise sit in the list as "0 trajectories" without a word.
        const reason = s.blob?.size === 0 ? 'the file is empty (0 bytes): nothing to load' : 'the file holds no records (only blank lines)';
        store.fileParsed(s.name, [], [{ file: s.name, line: 0, reason }], s.origin, []);
        store.noticeAdded('warning', `${s.name}: ${reason}.`);
        continue;
      }
      if (!loaded.trajectories && isJsonObject(r.sample)) {
        unrecognisedSources.set(s.name, s);
        const text = JSON.stringify(r.sample, null, 2);
        store.fileUnrecognised({ name: s.name, fields: Object.keys(r.sample), sample: text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text });
      } else unrecognisedSources.delete(s.name);
    } catch (e) {
      store.fileFailed(s.name, `could not read the file: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await restoreCachedResults();
  return results;
}

/**
 * Trajectory files the user dropped or picked, named by their path in the drop: files of the same
 * name in different folders both load. Two with the very same path (picked from two places) are
 * told apart by a number, and a notice says so. Each file is a teacher unless its records say
 * otherwise — or, in the RSR_data layout, its folder (teachersOfPaths). Files whose bytes are
 * results, not trajectories, are not loaded: they are returned, to be imported once the
 * trajectories they join to are in.
 */
export async function loadTrajectoryFiles(files: DroppedFile[]): Promise<DroppedFile[]> {
  const { names, renamed } = uniqueNames(files.map((f) => f.path));
  if (renamed.length) {
    useLensStore.getState().noticeAdded('warning', `Files with the same name were dropped: ${renamed.map(([from, to]) => `the next "${from}" is loaded as "${to}"`).join('; ')}.`);
  }
  const teachers = teachersOfPaths(files.map((f) => f.path));
  const results = await loadSources(files.map((f, i) => ({ name: names[i], teacher: teachers.get(f.path)!, blob: f.file, origin: 'user' as const, detectResults: true })));
  return results.map((s) => ({ path: s.name, file: files[names.indexOf(s.name)].file }));
}

/** Read a file whose fields were not recognised again, with the fields the user chose. */
export async function loadWithFieldMap(file: string, fieldMap: FieldMap): Promise<void> {
  const source = unrecognisedSources.get(file);
  if (source) await loadSources([{ ...source, detectResults: false }], fieldMap);
}

/** Fetch and load the demo teachers from the app itself (the parse worker fetches them). */
export async function loadDemoData(): Promise<void> {
  const base = new URL(import.meta.env.BASE_URL, self.location.href);
  await loadSources(DEMO_FILES.map((name) => ({ name, teacher: teacherFromFile(name), url: new URL(`samples/${name}`, base).href, origin: 'demo' as const })));
}
