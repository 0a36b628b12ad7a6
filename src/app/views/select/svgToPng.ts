/**
 * Rasterise an SVG document to PNG in the page: draw it as an image on a canvas `scale` times
 * its size (crisp on high-density screens and in slides), then encode. The SVG holds no external
 * references, so the canvas is never tainted. A canvas has a maximum area (about 268M pixels in
 * Chromium), so the scale drops for very long trajectories.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const maxArea = 200_000_000;
    const area = img.naturalWidth * img.naturalHeight;
    const s = Math.max(0.25, Math.min(scale, Math.sqrt(maxArea / Math.max(1, area))));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * s);
    canvas.height = Math.round(img.naturalHeight * s);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
