/** The lead workspace's tabs, in order (Alt+1…5 follow it). */
export const LEAD_TABS = ['escalations', 'team', 'dashboard', 'appeals', 'mine'] as const;
export type LeadTab = (typeof LEAD_TABS)[number];

/** Alt+digit → tab (the deck keeps Ctrl+digit for its sessions); anything else → null. */
export function tabForKey(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'>): LeadTab | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
  return digit ? (LEAD_TABS[Number(digit) - 1] ?? null) : null;
}
