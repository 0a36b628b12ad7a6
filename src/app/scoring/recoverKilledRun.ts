import { useLensStore } from '../store/useLensStore';
import { takeRunJournal } from './runJournal';
import { startScoring } from './scoringRun';

/**
 * At start-up, after the session is back: if the last page was killed during a scoring run (its
 * journal is still there), say so, and set aside the trajectory the student was on — the likely
 * cause (out of memory on a huge conversation), which would kill the page again at the next Score.
 * Results scored before it are kept (the result cache has them). "Score it anyway" takes it back.
 */
export function recoverKilledRun(): void {
  const journal = takeRunJournal();
  const s = useLensStore.getState();
  if (!journal || journal.sessionId !== s.sessionId) return;
  const t = s.byKey.get(journal.key);
  const kept = `${journal.scored.toLocaleString('en-US')} ${journal.scored === 1 ? 'result' : 'results'} scored before it ${journal.scored === 1 ? 'is' : 'are'} kept`;
  if (!t || s.results.has(journal.key)) {
    s.noticeAdded('warning', `The page stopped during the last scoring run (out of memory?); ${kept}. Score scores the rest.`, { topic: 'killed-run' });
    return;
  }
  const where = `${t.id} (${t.source.file}:${t.source.line}, ${journal.chars.toLocaleString('en-US')} characters)`;
  const reason = `set aside: the page stopped while the student was on it (out of memory?); “Score it anyway” in the notice tries again`;
  s.batchArrived([], [[journal.key, { file: t.source.file, line: t.source.line, reason }]]);
  s.noticeAdded(
    'warning',
    `The page stopped during the last scoring run while the student was on ${where} — most likely out of memory. ${kept[0].toUpperCase()}${kept.slice(1)}; that trajectory is set aside, so Score goes on with the others.`,
    {
      topic: 'killed-run',
      action: {
        label: 'Score it anyway',
        run: () => {
          useLensStore.getState().skipsCleared([journal.key]);
          void startScoring([t]);
        },
      },
    },
  );
}
