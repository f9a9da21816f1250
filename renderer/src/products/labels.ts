/** Colours and labels shared by the product library, the customer panel and product cards. */
import type { SuitabilityVerdict } from '../../../shared/suitability/types';

/** R1 (green) … R5 (red), C1 … C5 the same way: one scale for product risk and customer tolerance. */
const SCALE = ['green', 'cyan', 'gold', 'orange', 'red'] as const;

export function riskColor(level: string): string {
  const n = Number(level.slice(1));
  return SCALE[Math.min(Math.max(n, 1), 5) - 1] ?? 'default';
}

export const DECISION_COLOR: Record<SuitabilityVerdict, string> = { allow: 'success', confirm: 'warning', deny: 'error' };
