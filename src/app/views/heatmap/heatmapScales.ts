import { color as parseColor, interpolateCividis, interpolateViridis, range, scaleLog } from 'd3';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';

/**
 * Colour scales of the token heatmap, one per metric, on FIXED domains.
 * Every trajectory and every teacher uses the same mapping from value to colour, so two heatmaps
 * side by side can be compared by eye: a scale normalised per text would make a dull teacher look
 * as colourful as a surprising one (DESIGN.md, "UI conventions").
 */

/** Surprisal colour domain, nats. 10 nats is p ≈ 4.5e-5: beyond that, differences stop mattering to the eye. */
export const SURPRISAL_MAX = 10;
/** Token RSR colour domain (log scale), clamped at both ends. */
export const TOKEN_RSR_DOMAIN: readonly [number, number] = [0.1, 1000];
/** Surprisal at or above which a token is underlined ("notable") in surprisal mode: p ≤ e^-5 ≈ 0.0067. */
export const NOTABLE_SURPRISAL = 5;
/** Rank above which a token is underlined in rank mode: outside the student's top 10. */
export const NOTABLE_RANK = 10;
/**
 * Token RSR at or below which a token is underlined in token-RSR mode. min(r, R) ≤ s means the
 * student found the token surprising yet still ranked it well: the informative end (lower is better).
 */
export const NOTABLE_TOKEN_RSR = 1;

/** Background for a value the scale cannot place (NaN). */
export const UNKNOWN_COLOR = '#9e9e9e';
/** Steps of the colour lookup tables: finer than the eye can tell apart in a 13px token. */
const LUT_STEPS = 256;

/** One rank bucket of the paper's 1-based rank (GLTR's rank is 0-based; ours is not). */
export interface RankBucket {
  key: 'r1' | 'r2-10' | 'r11-100' | 'r>100';
  /** Short label for the legend. */
  label: string;
  /** Smallest rank in the bucket (inclusive). */
  min: number;
  /** Largest rank in the bucket (inclusive); Infinity for the last. */
  max: number;
  color: string;
}

/** The four ordered, colour-blind-safe rank buckets (viridis steps), best first. */
export const RANK_BUCKETS: readonly RankBucket[] = [
  { key: 'r1', label: '1', min: 1, max: 1, color: '#fde725' },
  { key: 'r2-10', label: '2–10', min: 2, max: 10, color: '#35b779' },
  { key: 'r11-100', label: '11–100', min: 11, max: 100, color: '#31688e' },
  { key: 'r>100', label: '> 100', min: 101, max: Infinity, color: '#440154' },
];

/** Index into RANK_BUCKETS of a 1-based rank. Ranks below 1 (impossible from the scorer) fall in the first bucket. */
export function rankBucket(rank: number): number {
  if (rank <= 1) return 0;
  if (rank <= 10) return 1;
  if (rank <= 100) return 2;
  return 3;
}

/**
 * Token RSR = min(r, R) / s, the per-token term of Eq. 7 (heatmap only).
 * A surprisal of 0 (or below, from float rounding) gives Infinity: the most "predictable" end.
 */
export function tokenRsr(rank: number, surprisal: number, clip: number): number {
  const r = Math.min(rank, clip);
  return surprisal > 0 ? r / surprisal : Infinity;
}

/** Viridis on [0, SURPRISAL_MAX] nats, clamped. */
export function surprisalColor(surprisal: number): string {
  if (Number.isNaN(surprisal)) return UNKNOWN_COLOR;
  return interpolateViridis(clamp01(surprisal / SURPRISAL_MAX));
}

const tokenRsrPosition = scaleLog().domain(TOKEN_RSR_DOMAIN as [number, number]).range([0, 1]).clamp(true);

/**
 * Cividis on a log domain 0.1–1000, clamped; Infinity (s = 0) maps to the top.
 * A different palette from surprisal so the two modes are never mistaken for each other.
 */
export function tokenRsrColor(value: number): string {
  if (Number.isNaN(value)) return UNKNOWN_COLOR;
  return interpolateCividis(value === Infinity ? 1 : tokenRsrPosition(value));
}

/** WCAG relative luminance of a CSS colour, 0 (black) to 1 (white). */
function relativeLuminance(css: string): number {
  const c = parseColor(css)?.rgb();
  if (!c) return 0.5;
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** Dark text on light backgrounds. */
export const DARK_TEXT = '#111318';
/** Light text on dark backgrounds. */
export const LIGHT_TEXT = '#ffffff';
const DARK_TEXT_LUMINANCE = relativeLuminance(DARK_TEXT);

/** The text colour (DARK_TEXT or LIGHT_TEXT) with the higher WCAG contrast ratio on background `bg`. */
export function textColorOn(bg: string): string {
  const l = relativeLuminance(bg);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (DARK_TEXT_LUMINANCE + 0.05);
  return onDark >= onWhite ? DARK_TEXT : LIGHT_TEXT;
}

/** Legend key of the extra "rank above R" bar (tokens drawn hatched); no bin key clashes with it. */
export const CLIPPED_KEY = 'clipped';

/** One bar of the legend histogram. */
export interface LegendBin {
  /** Stable key (used for selection and React keys). */
  key: string;
  /** Short range label, e.g. "2–2.5", "≥ 10", "11–100". */
  label: string;
  /** Full description for screen readers, e.g. "surprisal 2 to 2.5 nats". */
  description: string;
  /** Colour of the bar (the colour tokens in this bin get, at the bin's midpoint). */
  color: string;
  /** Axis label drawn at the bin's left edge (continuous scales) or under it (categorical); empty for none. */
  tick: string;
  /** The bin holds clamped values past the colour domain: drawn with an arrow. */
  overflow?: 'low' | 'high';
}

/** Everything the heatmap needs to colour, underline and bin one metric. */
export interface MetricScale {
  metric: HeatmapMetric;
  /** Human name of the metric, e.g. "Surprisal". */
  name: string;
  /** Unit shown after the axis, e.g. "nats"; empty for none. */
  unit: string;
  /** True for categorical scales (rank buckets): the legend labels each bar instead of edges. */
  isCategorical: boolean;
  /** The shown value of a token. */
  value(rank: number, surprisal: number): number;
  /** Index into `colors`/`textColors` for a value; colours are precomputed tables so 30k tokens cost no string building. */
  colorIndex(value: number): number;
  /** Background colours, indexed by colorIndex. */
  colors: readonly string[];
  /** Text colour on each background, indexed by colorIndex. */
  textColors: readonly string[];
  /** Whether the token is underlined as notable, so colour is never the only cue. */
  isNotable(value: number): boolean;
  /** What "notable" means, for the legend, e.g. "surprisal ≥ 5 nats". */
  notableLabel: string;
  /** Legend bins in order. */
  bins: readonly LegendBin[];
  /** Index into `bins` for a value; -1 for NaN. */
  binIndex(value: number): number;
}

const SURPRISAL_BIN_WIDTH = 0.5;

function surprisalScale(): MetricScale {
  const colors = range(LUT_STEPS).map((i) => interpolateViridis(i / (LUT_STEPS - 1)));
  const nFinite = SURPRISAL_MAX / SURPRISAL_BIN_WIDTH;
  const bins: LegendBin[] = range(nFinite).map((i) => {
    const lo = i * SURPRISAL_BIN_WIDTH;
    const hi = lo + SURPRISAL_BIN_WIDTH;
    return {
      key: `s${lo}`,
      label: `${lo}–${hi}`,
      description: `surprisal ${lo} to ${hi} nats`,
      color: surprisalColor((lo + hi) / 2),
      tick: lo % 2 === 0 ? String(lo) : '',
    };
  });
  bins.push({
    key: `s>=${SURPRISAL_MAX}`,
    label: `≥ ${SURPRISAL_MAX}`,
    description: `surprisal ${SURPRISAL_MAX} nats or more`,
    color: surprisalColor(SURPRISAL_MAX),
    tick: `≥ ${SURPRISAL_MAX}`,
    overflow: 'high',
  });
  return {
    metric: 'surprisal',
    name: 'Surprisal',
    unit: 'nats',
    isCategorical: false,
    value: (_rank, s) => s,
    colorIndex: (s) => (Number.isNaN(s) ? -1 : Math.round(clamp01(s / SURPRISAL_MAX) * (LUT_STEPS - 1))),
    colors,
    textColors: colors.map(textColorOn),
    isNotable: (s) => s >= NOTABLE_SURPRISAL,
    notableLabel: `surprisal ≥ ${NOTABLE_SURPRISAL} nats`,
    bins,
    binIndex: (s) => (Number.isNaN(s) ? -1 : Math.min(nFinite, Math.max(0, Math.floor(s / SURPRISAL_BIN_WIDTH)))),
  };
}

function rankScale(): MetricScale {
  const colors = RANK_BUCKETS.map((b) => b.color);
  return {
    metric: 'rank',
    name: 'Rank',
    unit: '',
    isCategorical: true,
    value: (rank) => rank,
    colorIndex: (rank) => (Number.isNaN(rank) ? -1 : rankBucket(rank)),
    colors,
    textColors: colors.map(textColorOn),
    isNotable: (rank) => rank > NOTABLE_RANK,
    notableLabel: `rank > ${NOTABLE_RANK}`,
    bins: RANK_BUCKETS.map((b) => ({
      key: b.key,
      label: b.label,
      description: b.max === Infinity ? `rank above ${b.min - 1}` : b.min === b.max ? `rank ${b.min}` : `rank ${b.min} to ${b.max}`,
      color: b.color,
      tick: b.label,
    })),
    binIndex: (rank) => (Number.isNaN(rank) ? -1 : rankBucket(rank)),
  };
}

/** Edges of the token-RSR legend bins: two per decade over the colour domain. */
const TOKEN_RSR_EDGES = range(9).map((i) => 10 ** (-1 + i / 2));

function tokenRsrScale(clip: number): MetricScale {
  const colors = range(LUT_STEPS).map((i) => interpolateCividis(i / (LUT_STEPS - 1)));
  const [lo, hi] = TOKEN_RSR_DOMAIN;
  const fmt = (v: number) => (v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(2))));
  const bins: LegendBin[] = [
    {
      key: `t<=${lo}`,
      label: `≤ ${lo}`,
      description: `token RSR ${lo} or less`,
      color: tokenRsrColor(lo),
      tick: '',
      overflow: 'low',
    },
  ];
  for (let i = 0; i + 1 < TOKEN_RSR_EDGES.length; i++) {
    const a = TOKEN_RSR_EDGES[i];
    const b = TOKEN_RSR_EDGES[i + 1];
    bins.push({
      key: `t${a}`,
      label: `${fmt(a)}–${fmt(b)}`,
      description: `token RSR ${fmt(a)} to ${fmt(b)}`,
      color: tokenRsrColor(Math.sqrt(a * b)),
      tick: i % 2 === 0 ? fmt(a) : '',
    });
  }
  bins.push({
    key: `t>=${hi}`,
    label: `≥ ${hi}`,
    description: `token RSR ${hi} or more (including surprisal 0)`,
    color: tokenRsrColor(hi),
    tick: `≥ ${hi}`,
    overflow: 'high',
  });
  const nFinite = TOKEN_RSR_EDGES.length - 1;
  return {
    metric: 'tokenRsr',
    name: 'Token RSR',
    unit: `min(rank, ${clip}) / surprisal`,
    isCategorical: false,
    value: (rank, s) => tokenRsr(rank, s, clip),
    colorIndex: (v) => {
      if (Number.isNaN(v)) return -1;
      return v === Infinity ? LUT_STEPS - 1 : Math.round(tokenRsrPosition(v) * (LUT_STEPS - 1));
    },
    colors,
    textColors: colors.map(textColorOn),
    isNotable: (v) => v <= NOTABLE_TOKEN_RSR,
    notableLabel: `token RSR ≤ ${NOTABLE_TOKEN_RSR}`,
    bins,
    binIndex: (v) => {
      if (Number.isNaN(v)) return -1;
      if (v <= lo) return 0;
      if (v >= hi) return nFinite + 1;
      // Half-decades: bin i covers [10^(-1 + i/2), 10^(-1 + (i+1)/2)).
      return 1 + Math.min(nFinite - 1, Math.floor((Math.log10(v) + 1) * 2));
    },
  };
}

/** The colour scale, legend bins and "notable" rule of one metric (clip R only matters for token RSR). */
export function heatmapScale(metric: HeatmapMetric, clip: number): MetricScale {
  switch (metric) {
    case 'surprisal':
      return surprisalScale();
    case 'rank':
      return rankScale();
    case 'tokenRsr':
      return tokenRsrScale(clip);
    default: {
      const never: never = metric;
      throw new Error(`unknown heatmap metric ${String(never)}`);
    }
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
