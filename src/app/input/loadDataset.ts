import { parseAll, type ParseResult } from '../../core/parse/parseInput';
import { baseName } from '../../core/parse/teacherFromFile';
import { restoreCachedResults } from '../cache/restoreCachedResults';
import type { LoadedFile } from '../store/datasetSlice';
import { useLensStore } from '../store/useLensStore';
import { readableChunks } from './readableChunks';

/** The five synthetic teachers shipped in `public/samples/` (the same 60 problems each). */
export const DEMO_FILES = [
  'teacher_noise.jsonl',
  'teacher_paraphrase.jsonl',
  'teacher_reflective.jsonl',
  'teacher_student.jsonl',
  'teacher_terse.jsonl',
];

interface Source {
  name: string;
  /** Bytes, when known before reading (a dropped file). */
  size?: number;
  origin: LoadedFile['origin'];
  open: () => Promise<ReadableStream<Uint8Array>>;
}

/**
 * Parse several sources at once and commit them in the given order (so the table order does not
 * depend on which file finished first), then restore whatever the cache already holds.
 */
async function loadSources(sources: Source[]): Promise<void> {
  const store = useLensStore.getState();
  for (const s of sources) store.parseStarted(s.name);
  const parsed = sources.map(async (s): Promise<ParseResult | Error> => {
    try {
      return await parseAll(readableChunks(await s.open()), s.name);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
  for (const [i, s] of sources.entries()) {
    const r = await parsed[i];
    if (r instanceof Error) store.fileFailed(s.name, `could not read the file: ${r.message}`);
    else if (!r.trajectories.length && !r.errors.length) {
      // A file with no record at all would otherwise sit in the list as "0 trajectories" without a word.
      const reason = s.size === 0 ? 'the file is empty (0 bytes): nothing to load' : 'the file holds no records (only blank lines)';
      store.fileParsed(s.name, [], [{ file: s.name, line: 0, reason }], s.origin);
      store.noticeAdded('warning', `${s.name}: ${reason}.`);
    } else store.fileParsed(s.name, r.trajectories, r.errors, s.origin);
  }
  await restoreCachedResults();
}

/** Trajectory files the user dropped or picked; each file name is a teacher unless records say otherwise. */
export function loadTrajectoryFiles(files: File[]): Promise<void> {
  return loadSources(files.map((f) => ({ name: baseName(f.name), size: f.size, origin: 'user' as const, open: async () => f.stream() })));
}

/** Fetch and load the demo teachers from the app itself. */
export function loadDemoData(): Promise<void> {
  return loadSources(
    DEMO_FILES.map((name) => ({
      name,
      origin: 'demo' as const,
      open: async () => {
        const res = await fetch(`${import.meta.env.BASE_URL}samples/${name}`);
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        return res.body;
      },
    })),
  );
}
