import { useEffect, useRef, type MouseEvent } from 'react';
import { surprisalColor } from './heatmapScales';
import { overviewBins } from './overviewBins';
import type { TokenRow } from './tokenLines';

export interface HeatmapOverviewProps {
  rows: readonly TokenRow[];
  posToScore: Int32Array;
  surprisal: ArrayLike<number>;
  /** Row index of every token, to place the marks. */
  rowOfToken: Int32Array;
  /** Tokens to tick beside the strip (divergence points, search matches), with their colour. */
  ticks: readonly { pos: number; color: string }[];
  /** Drawn height, px (the scroll box's). */
  height: number;
  /** A click at a fraction of the strip: scroll the text there. */
  onJump: (row: number) => void;
  /** Where the view is, as row fractions [top, bottom], kept current by the caller through this ref. */
  viewportRef: React.RefObject<HTMLDivElement | null>;
}

const WIDTH = 16;

/**
 * The whole trajectory in one column: every pixel row the highest surprisal of the text rows it
 * stands for, on the heatmap's fixed 0–10 nat viridis scale, with ticks for divergence points or
 * matches and a frame for the part on screen. Click to jump there. Drawn on a canvas: a 30,000-token
 * trajectory is one pass, not 30,000 elements.
 */
export function HeatmapOverview({ rows, posToScore, surprisal, rowOfToken, ticks, height, onJump, viewportRef }: HeatmapOverviewProps) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || height <= 0) return;
    const bins = overviewBins(rows, posToScore, surprisal, height);
    ctx.clearRect(0, 0, WIDTH, height);
    for (let y = 0; y < bins.length; y++) {
      if (Number.isNaN(bins[y])) continue;
      ctx.fillStyle = surprisalColor(bins[y]);
      ctx.fillRect(0, y, WIDTH - 5, 1);
    }
    for (const t of ticks) {
      const y = Math.floor((rowOfToken[t.pos] / Math.max(1, rows.length)) * height);
      ctx.fillStyle = t.color;
      ctx.fillRect(WIDTH - 5, Math.max(0, y - 1), 5, 3);
    }
  }, [rows, posToScore, surprisal, rowOfToken, ticks, height]);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (e.clientY - box.top) / Math.max(1, box.height)));
    onJump(Math.min(rows.length - 1, Math.floor(fraction * rows.length)));
  };
  return (
    <div className="rsr-hm-overview" style={{ height }} onClick={onClick} data-testid="heatmap-overview" title="The whole trajectory: highest surprisal per pixel row; ticks mark differences or matches. Click to jump." aria-hidden="true">
      <canvas ref={canvas} width={WIDTH} height={Math.max(1, Math.floor(height))} />
      <div className="rsr-hm-overview-view" ref={viewportRef} />
    </div>
  );
}
