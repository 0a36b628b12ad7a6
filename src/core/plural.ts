/** A count with its noun, in the noun's number: "1 trajectory", "1,234 trajectories". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
