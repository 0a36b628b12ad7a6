import { MiddleEllipsis } from './MiddleEllipsis';

/** A teacher's colour as a small square beside its name; decorative, the name is the label. */
export function Swatch({ color }: { color: string | undefined }) {
  return <span className="swatch" style={{ background: color }} aria-hidden="true" />;
}

/** A table row's header cell naming its teacher, with the teacher's colour; a long name loses its middle, not its end. */
export function TeacherRowHeader({ teacher, color }: { teacher: string; color: string | undefined }) {
  return (
    <th scope="row" className="teacher-cell">
      <span className="teacher-name">
        <Swatch color={color} />
        <MiddleEllipsis text={teacher} />
      </span>
    </th>
  );
}
