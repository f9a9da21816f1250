/**
 * Extension point of the composer. A feature (live compliance warnings, suitability notes, templates…) registers an
 * addon here from its own module; the composer renders each addon's panel above the input with the current draft,
 * and asks each addon before sending. The composer's own code does not change.
 *
 *   registerComposerAddon({ key: 'compliance', Panel: ComplianceHints, checkSend: ({ text }) => … });
 */
import type { ComponentType } from 'react';
import type { Locale } from '../../../../shared/ipc/contract';

export interface ComposerAddonProps {
  conversationId: string;
  /** The draft as typed (every keystroke). */
  text: string;
  locale: Locale;
  /** Replace the draft (for example with a suggested compliant wording). */
  replaceText(next: string): void;
}

/** `hold` keeps the message in the composer with the reason shown; `ok` lets it go. */
export type SendVerdict = { ok: true } | { ok: false; reason: string };

export interface ComposerAddon {
  key: string;
  /** Shown above the input; return null when there is nothing to say. Keep it cheap: it renders on each keystroke. */
  Panel?: ComponentType<ComposerAddonProps>;
  /** Asked in registration order before a message is sent; the first hold wins. */
  checkSend?(input: { conversationId: string; text: string; locale: Locale }): SendVerdict | Promise<SendVerdict>;
}

/** Replaced (never mutated) on change, so React's useSyncExternalStore sees a new snapshot. */
let addons: readonly ComposerAddon[] = [];
const listeners = new Set<() => void>();

export function registerComposerAddon(addon: ComposerAddon): () => void {
  if (addons.some((a) => a.key === addon.key)) throw new Error(`composer addon "${addon.key}" is registered twice`);
  addons = [...addons, addon];
  for (const l of [...listeners]) l();
  return () => {
    addons = addons.filter((a) => a !== addon);
    for (const l of [...listeners]) l();
  };
}

export function composerAddons(): readonly ComposerAddon[] {
  return addons;
}

export function onComposerAddonsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs every addon's send check in order; the first hold is returned. */
export async function checkBeforeSend(input: { conversationId: string; text: string; locale: Locale }): Promise<SendVerdict> {
  for (const addon of addons) {
    if (!addon.checkSend) continue;
    const verdict = await addon.checkSend(input);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}
