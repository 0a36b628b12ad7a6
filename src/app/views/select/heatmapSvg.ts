import type { ScoredTrajectory } from '../../../core/types';
import type { HeatmapMetric } from '../../store/trajectoriesSlice';
import { heatmapModel } from '../heatmap/heatmapModel';
import { UNKNOWN_COLOR } from '../heatmap/heatmapScales';
import { tokenLines } from '../heatmap/tokenLines';
import { whitespaceGlyphs } from '../heatmap/whitespaceGlyphs';

export interface HeatmapSvgOptions {
  /** Characters per row before a line wraps (at token boundaries). Default 100. */
  rowChars?: number;
  /** Font size, px. Default 13. */
  fontSize?: number;
}

const PAD = 16;
const GUTTER_CHARS = 5;
/** Room for the legend's metric name (token RSR's unit is the longest), px. */
const LEGEND_LABEL = 240;
/** Advance of one monospace character as a fraction of the font size (close for the common monospace fonts). */
const CHAR_WIDTH = 0.6;

/**
 * The whole token heatmap of one trajectory as a standalone SVG document: a title line, the
 * legend's colour bins, then the rendered conversation in a monospace grid, each response token
 * on its metric colour (the same fixed scales as the app) and prompt tokens in grey. Whitespace
 * shows as the heatmap's glyphs, so each token keeps its width in characters. All text is
 * XML-escaped: trajectories are user data.
 */
export function heatmapSvg(result: ScoredTrajectory, metric: HeatmapMetric, clip: number, options: HeatmapSvgOptions = {}): string {
  const { rowChars = 100, fontSize = 13 } = options;
  const cw = fontSize * CHAR_WIDTH;
  const lineH = Math.round(fontSize * 1.6);
  const { text, offsets } = result.tokens;
  const model = heatmapModel(result, metric, clip);
  const rows = tokenLines(text, offsets, rowChars);
  const left = PAD + GUTTER_CHARS * cw;
  const width = Math.ceil(left + rowChars * cw + PAD);
  const legendTop = PAD + lineH + 4;
  const bodyTop = legendTop + 40;
  const height = Math.ceil(bodyTop + rows.length * lineH + PAD);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="${fontSize}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  );
  const m = result.metrics;
  const title = `${result.id} · ${result.teacher} · ${model.scale.name.toLowerCase()} · RSR ${Number.isFinite(m.rsr) ? m.rsr.toFixed(4) : '—'} · ${m.respTokenLength} response tokens`;
  out.push(`<text x="${PAD}" y="${PAD + fontSize}" fill="#1c1f24" font-family="system-ui, sans-serif" font-weight="600">${escapeXml(title)}</text>`);

  // Legend: the metric's name, then its bins as swatches with their tick labels.
  const unit = model.scale.unit ? ` (${model.scale.unit})` : '';
  out.push(`<text x="${PAD}" y="${legendTop + 10}" font-size="${fontSize - 2}" fill="#5f6673">${escapeXml(model.scale.name + unit)}</text>`);
  const legendLeft = PAD + LEGEND_LABEL;
  const binW = Math.max(8, Math.min(36, (width - PAD - legendLeft) / Math.max(1, model.scale.bins.length)));
  model.scale.bins.forEach((bin, i) => {
    const x = legendLeft + i * binW;
    out.push(`<rect x="${fmt(x)}" y="${legendTop}" width="${fmt(binW - 1)}" height="12" fill="${bin.color}"/>`);
    const tick = model.scale.isCategorical ? bin.label : bin.tick;
    if (tick) out.push(`<text x="${fmt(x)}" y="${legendTop + 26}" font-size="${fontSize - 3}" fill="#5f6673">${escapeXml(tick)}</text>`);
  });

  rows.forEach((row, r) => {
    const y = bodyTop + r * lineH;
    const baseline = y + Math.round(lineH * 0.7);
    if (!row.isContinuation && row.end > row.start) {
      out.push(`<text x="${fmt(PAD)}" y="${baseline}" fill="#9aa2ae" font-size="${fontSize - 2}">${row.line + 1}</text>`);
    }
    let col = 0;
    for (let p = row.start; p < row.end; p++) {
      const raw = text.slice(offsets[p], offsets[p + 1]);
      const shown = whitespaceGlyphs(raw)
        .map((g) => g.text)
        .join('');
      const chars = Math.max(1, shown.length);
      const x = left + col * cw;
      const si = model.posToScore[p];
      if (si >= 0) {
        const ci = model.colorIndex[si];
        const bg = ci < 0 ? UNKNOWN_COLOR : model.scale.colors[ci];
        const fg = ci < 0 ? '#000000' : model.scale.textColors[ci];
        out.push(`<rect x="${fmt(x)}" y="${y + 2}" width="${fmt(chars * cw)}" height="${lineH - 4}" fill="${bg}"/>`);
        if (shown) out.push(`<text x="${fmt(x)}" y="${baseline}" fill="${fg}" xml:space="preserve">${escapeXml(shown)}</text>`);
      } else if (shown) {
        out.push(`<text x="${fmt(x)}" y="${baseline}" fill="#8a8f98" xml:space="preserve">${escapeXml(shown)}</text>`);
      }
      col += chars;
    }
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Text safe inside an XML element: markup characters escaped; characters XML 1.0 forbids (C0 controls, lone surrogates) replaced by U+FFFD. */
export function escapeXml(s: string): string {
  return s
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}
