/** Presentation of hub values (states, channels, skill groups): translated where known, shown raw otherwise. */
import type { TFunction } from 'i18next';

const STATE_COLORS: Record<string, string> = {
  bot: 'default',
  queued: 'orange',
  assigned: 'blue',
  active: 'green',
  awaitingCustomer: 'cyan',
  transferred: 'purple',
  escalated: 'magenta',
  resolved: 'default',
  closed: 'default',
  abandoned: 'default',
};

export const stateColor = (state: string): string => STATE_COLORS[state] ?? 'default';
export const stateLabel = (t: TFunction, state: string): string => t(`states.${state}`, { defaultValue: state });
export const channelLabel = (t: TFunction, channel: string): string => t(`channels.${channel}`, { defaultValue: channel });
export const skillLabel = (t: TFunction, skill: string): string => t(`skills.${skill}`, { defaultValue: skill });
