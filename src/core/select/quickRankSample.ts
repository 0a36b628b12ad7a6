import { mulberry32 } from '../stats/mulberry32';

/**
 * The order Quick rank scores in: per teacher a seeded random sample of at most `perTeacher`
 * items (Fisher–Yates on a copy, mulberry32), then the teachers interleaved round-robin in name
 * order — one of each teacher, then the next of each — so that at every moment of the run each
 * teacher has about as many scored trajectories as the others and the ranking can be read early.
 * The paper (Yang et al., §5) finds about 200 trajectories per teacher enough to rank teachers.
 * The same items and seed always give the same order.
 */
export function quickRankSample<T>(items: readonly T[], teacherOf: (item: T) => string, perTeacher: number, seed: number): T[] {
  const byTeacher = new Map<string, T[]>();
  for (const item of items) {
    const t = teacherOf(item);
    let list = byTeacher.get(t);
    if (!list) byTeacher.set(t, (list = []));
    list.push(item);
  }
  const teachers = [...byTeacher.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const samples = teachers.map((t, ti) => {
    const list = [...byTeacher.get(t)!];
    // One stream per teacher, so adding a teacher does not change another's sample.
    const rand = mulberry32(seed + ti * 0x9e3779b9);
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list.slice(0, Math.max(0, perTeacher));
  });
  const out: T[] = [];
  const longest = Math.max(0, ...samples.map((s) => s.length));
  for (let i = 0; i < longest; i++) for (const s of samples) if (i < s.length) out.push(s[i]);
  return out;
}
