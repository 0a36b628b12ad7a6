/** One `<option>` per teacher, the value being its name: for every teacher picker. */
export function TeacherOptions({ teachers }: { teachers: readonly string[] }) {
  return teachers.map((t) => (
    <option key={t} value={t}>
      {t}
    </option>
  ));
}
