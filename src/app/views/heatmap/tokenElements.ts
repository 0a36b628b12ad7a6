/** The drawn element of token `pos` inside the heatmap's scroll box, or null when it is not drawn (virtualized away). */
export function findToken(box: HTMLElement, pos: number): HTMLElement | null {
  return box.querySelector<HTMLElement>(`[data-pos="${pos}"]`);
}

/** The position of the scored token an event happened on (or inside), or null for anything else. */
export function scoredTokenOf(target: EventTarget | null): number | null {
  const el = (target as Element | null)?.closest?.('[data-scored="true"]') as HTMLElement | null;
  return el ? Number(el.dataset.pos) : null;
}
