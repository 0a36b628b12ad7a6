import { plural } from '../../../core/plural';

/** Display formatting. Missing values (NaN, undefined) show as an em dash, never as 0. */

const DASH = '—';

export function formatNumber(x: number | undefined, digits = 3): string {
  return x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(digits);
}

export function formatCount(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? DASH : Math.round(x).toLocaleString('en-US');
}

/** m:ss, or h:mm:ss past an hour. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return DASH;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "1 trajectory", "300 trajectories" (the core's plural); a missing count shows as a dash. */
export function formatPlural(n: number, one: string, many: string): string {
  return Number.isFinite(n) ? plural(Math.round(n), one, many) : `${DASH} ${many}`;
}
