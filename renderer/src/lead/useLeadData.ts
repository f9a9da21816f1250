/**
 * Data the lead's views fetch for themselves (the shared app store holds what every role needs; these are the lead's
 * own): the live team board, the dashboard per range, the branch's QA appeals, and monitoring of one conversation.
 */
import { App as AntApp } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOutput } from '../../../shared/ipc/contract';
import type { DashboardFigures, DashboardRange, TeamBoard } from '../../../shared/protocol/leads';
import type { AppError, Result } from '../../../shared/result';
import { useApp, useStore } from '../store/context';

export type AppealItem = RequestOutput<'qaAppeals'>[number];

/**
 * Shows a failed lead request as a notification titled with what was attempted. Answers whether the request
 * succeeded (a type guard, so the caller reads `result.value` after it; many lead requests answer `null` on success).
 */
export function useLeadFailure(): <T>(result: Result<T>, what: string) => result is { ok: true; value: T } {
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  return useCallback(
    <T,>(result: Result<T>, what: string): result is { ok: true; value: T } => {
      if (result.ok) return true;
      const error: AppError = result.error;
      notification.error({
        key: `lead:${what}:${error.code}`,
        title: t(`lead.errors.${what}`, { defaultValue: t('lead.errors.generic') }),
        description: `${error.message}${error.code ? ` (${error.code})` : ''}`,
        placement: 'topRight',
        duration: 6,
      });
      return false;
    },
    [notification, t],
  );
}

/** The branch's team board: fetched once, then replaced by every `team.changed` push (about every 2 s). */
export function useTeamBoard(): TeamBoard | null {
  const store = useStore();
  const online = useApp((s) => s.connection.state === 'online');
  const [board, setBoard] = useState<TeamBoard | null>(null);
  useEffect(() => store.api.on('team.changed', setBoard), [store]);
  useEffect(() => {
    if (!online) return;
    let live = true;
    void store.api.getTeamBoard({}).then((r) => {
      // Quiet on failure: the next push brings the board anyway.
      if (live && r.ok) setBoard((current) => (current && current.at > r.value.at ? current : r.value));
    });
    return () => {
      live = false;
    };
  }, [store, online]);
  return board;
}

/** How often an open dashboard refreshes itself; figures are cheap and the range rarely changes meaningfully faster. */
const DASHBOARD_REFRESH_MS = 30_000;

export function useDashboard(range: DashboardRange): { figures: DashboardFigures | null; loading: boolean; refresh(): void } {
  const store = useStore();
  const fail = useLeadFailure();
  const [figures, setFigures] = useState<DashboardFigures | null>(null);
  const [loading, setLoading] = useState(false);
  const requested = useRef(0);
  const load = useCallback(
    async (quiet: boolean) => {
      const id = ++requested.current;
      setLoading(true);
      const result = await store.api.getDashboard({ range });
      if (id !== requested.current) return; // a newer request (another range) won
      setLoading(false);
      if (quiet ? !result.ok : !fail(result, 'dashboard')) return;
      if (result.ok) setFigures(result.value);
    },
    [store, range, fail],
  );
  useEffect(() => {
    setFigures((f) => (f && f.range === range ? f : null));
    void load(false);
    const timer = setInterval(() => void load(true), DASHBOARD_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, range]);
  return { figures, loading, refresh: useCallback(() => void load(false), [load]) };
}

export function useAppeals(): { appeals: AppealItem[] | null; reload(): Promise<void> } {
  const store = useStore();
  const fail = useLeadFailure();
  const [appeals, setAppeals] = useState<AppealItem[] | null>(null);
  const reload = useCallback(async () => {
    const result = await store.api.qaAppeals({});
    if (fail(result, 'appeals')) setAppeals(result.value);
  }, [store, fail]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { appeals, reload };
}

/**
 * Follows a conversation live while the view shows it: monitoring on when it opens (the hub then sends its messages),
 * the history loaded, and monitoring off again when the lead moves on or leaves the view.
 */
export function useMonitoring(conversationId: string | null): void {
  const store = useStore();
  const fail = useLeadFailure();
  useEffect(() => {
    if (!conversationId) return;
    let cancelled = false;
    void store.api.monitorConversation({ conversationId, on: true }).then((r) => {
      if (cancelled) return;
      if (fail(r, 'monitor')) void store.loadMessages(conversationId, { quiet: true });
    });
    void store.loadMessages(conversationId, { quiet: true });
    return () => {
      cancelled = true;
      // Best effort: the hub also drops followers when the socket goes.
      void store.api.monitorConversation({ conversationId, on: false });
    };
  }, [store, conversationId, fail]);
}
