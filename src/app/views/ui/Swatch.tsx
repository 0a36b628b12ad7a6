/** A teacher's colour as a small square beside its name; decorative, the name is the label. */
export function Swatch({ color }: { color: string | undefined }) {
  return <span className="swatch" style={{ background: color }} aria-hidden="true" />;
}

/** A table row's header cell naming its teacher, with the teacher's colour. */
export function TeacherRowHeader({ teacher, color }: { teacher: string; color: string | undefined }) {
  return (
    <th scope="row" className="teacher-cell" title={teacher}>
      <Swatch color={color} />
      {teacher}
    </th>
  );
}
