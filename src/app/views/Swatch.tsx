/** A teacher's colour as a small square beside its name; decorative, the name is the label. */
export function Swatch({ color }: { color: string | undefined }) {
  return <span className="swatch" style={{ background: color }} aria-hidden="true" />;
}
