/**
 * Which conversations keep their history list mounted: the one on show plus the most recently shown, up to `max`,
 * among those still in the deck. The order of the result is the order they were first mounted, so React never moves
 * a mounted list in the DOM (moving a scrolled element would lose its scroll position).
 */
export function keepMounted(
  previous: readonly string[],
  activeId: string,
  present: ReadonlySet<string>,
  lastShown: ReadonlyMap<string, number>,
  max: number,
): string[] {
  let kept = previous.filter((id) => id === activeId || present.has(id));
  if (!kept.includes(activeId)) kept = [...kept, activeId];
  if (kept.length <= max) return kept.length === previous.length && kept.every((id, i) => id === previous[i]) ? (previous as string[]) : kept;
  const keep = new Set([...kept].sort((a, b) => (a === activeId ? -1 : b === activeId ? 1 : (lastShown.get(b) ?? 0) - (lastShown.get(a) ?? 0))).slice(0, max));
  return kept.filter((id) => keep.has(id));
}
