import { mulberry32 } from '../stats/mulberry32';

/**
 * The order Quick rank scores in. Problem ids are shuffled once (seeded Fisher–Yates,
 * mulberry32), every teacher takes its trajectories in that id order, at most `perTeacher` of
 * them, and the teachers are interleaved round-robin in name order — one of each, then the next
 * of each. So at every moment each teacher has about as many scored trajectories as the others,
 * and teachers who answered the same problems are sampled on the same problems, which the paired
 * comparison needs. The paper (Yang et al., §5) finds about 200 trajectories per teacher enough
 * to rank teachers. The same items and seed always give the same order.
 */
export function quickRankSample<T>(items: readonly T[], teacherOf: (item: T) => string, idOf: (item: T) => string, perTeacher: number, seed: number): T[] {
  const ids = [...new Set(items.map(idOf))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const rand = mulberry32(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const place = new Map(ids.map((id, i) => [id, i]));
  const byTeacher = new Map<string, { item: T; order: number }[]>();
  items.forEach((item, order) => {
    const t = teacherOf(item);
    let list = byTeacher.get(t);
    if (!list) byTeacher.set(t, (list = []));
    list.push({ item, order });
  });
  const teachers = [...byTeacher.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const samples = teachers.map((t) =>
    byTeacher
      .get(t)!
      .sort((a, b) => place.get(idOf(a.item))! - place.get(idOf(b.item))! || a.order - b.order)
      .slice(0, Math.max(0, perTeacher))
      .map((x) => x.item),
  );
  const out: T[] = [];
  const longest = Math.max(0, ...samples.map((s) => s.length));
  for (let i = 0; i < longest; i++) for (const s of samples) if (i < s.length) out.push(s[i]);
  return out;
}
