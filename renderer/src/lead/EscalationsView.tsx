/**
 * 升级与监控: the escalation queue (why each chat is there: automatic or by the agent, the reason, how long it has
 * waited, which agent had it) and every other live session of the branch. Selecting one follows it live, read-only,
 * with a whisper box to the agent and the lead's actions (take over, reassign, return with guidance), each enabled
 * only where the shared ticket machine allows it, with the machine's reason where it does not.
 */
import { EyeOutlined, RollbackOutlined, SendOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Input, Tag, Tooltip, Typography } from 'antd';
import { memo, useCallback, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import { MessageList } from '../deck/conversation/MessageList';
import { channelLabel, skillLabel, stateColor, stateLabel } from '../deck/labels';
import { SlaTimer } from '../deck/SlaTimer';
import { StateTag } from '../deck/StateTag';
import { pickText, ticketActionsFor } from '../deck/ticketActions';
import { slaInfo, sortByUrgency } from '../deck/urgency';
import { useNow } from '../deck/useNow';
import { useApp, useStore } from '../store/context';
import { escalationOf, escalationQueue, escalationReasonText, formatDuration, secondsSince, type EscalationView } from './format';
import { ReassignDialog, ReturnDialog } from './LeadDialogs';
import { useLeadFailure, useMonitoring } from './useLeadData';

/** An escalation waiting longer than this is shown in the warning colour. */
const LONG_WAIT_S = 120;

type LeadAction = 'takeOver' | 'reassign' | 'return';
const LEAD_ACTIONS: readonly LeadAction[] = ['takeOver', 'reassign', 'return'];
const ACTION_ICONS: Record<LeadAction, ReactNode> = { takeOver: <UserSwitchOutlined />, reassign: <SwapOutlined />, return: <RollbackOutlined /> };

/** A staff id as a name: the directory's agents, the lead themself (leads are not in the directory), else the id. */
function useAgentName(): (id: string | null) => string | null {
  const directory = useApp((s) => s.directory);
  const me = useApp((s) => s.user);
  return useCallback(
    (id) => {
      if (!id) return null;
      if (id === me?.id) return me.displayName;
      return directory?.agents.find((a) => a.id === id)?.displayName ?? id;
    },
    [directory, me],
  );
}

/** Arrow keys move between the rows of a list (each row is a button); Home/End jump to the ends. */
function onListKeyDown(e: KeyboardEvent<HTMLElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-lead-row]')];
  if (rows.length === 0) return;
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
  e.preventDefault();
  rows[next]?.focus();
}

interface ViewProps {
  /** The chat followed; kept by the workspace so that it is still selected when the lead comes back to this tab. */
  selectedId: string | null;
  onSelect(conversationId: string): void;
  onTakenOver(conversationId: string): void;
}

export function EscalationsView({ selectedId, onSelect: setSelectedId, onTakenOver }: ViewProps) {
  const { t } = useTranslation();
  const conversations = useApp((s) => s.conversations);
  const now = useNow(1000);
  const queue = useMemo(() => escalationQueue(conversations), [conversations]);
  const others = useMemo(() => sortByUrgency(conversations.filter((c) => c.state !== 'escalated'), now), [conversations, now]);
  const selected = selectedId ? (conversations.find((c) => c.id === selectedId) ?? null) : null;
  useMonitoring(selected ? selected.id : null);

  return (
    <div className="ws-lead-split" data-testid="lead-escalations">
      <nav className="ws-lead-list" aria-label={t('lead.queue.title')} onKeyDown={onListKeyDown}>
        <div className="ws-column-head">
          <Typography.Text strong>{t('lead.queue.title')}</Typography.Text>
          <span className={`ws-count${queue.length > 0 ? ' ws-count-some' : ''}`} data-testid="escalation-count">
            {queue.length}
          </span>
        </div>
        <div className="ws-lead-list-section" data-testid="escalation-queue">
          {queue.length === 0 ? (
            <div className="ws-lead-list-empty ws-muted ws-small">{t('lead.queue.empty')}</div>
          ) : (
            queue.map(({ conversation, escalation }) => (
              <EscalationRow key={conversation.id} conversation={conversation} escalation={escalation} now={now} active={conversation.id === selectedId} onSelect={setSelectedId} />
            ))
          )}
        </div>
        <div className="ws-column-head">
          <Typography.Text strong>{t('lead.live.title')}</Typography.Text>
          <span className="ws-muted ws-small">{t('lead.live.count', { count: others.length })}</span>
        </div>
        <div className="ws-lead-list-section ws-lead-list-grow" data-testid="live-sessions">
          {others.length === 0 ? (
            <div className="ws-lead-list-empty ws-muted ws-small">{t('lead.live.empty')}</div>
          ) : (
            others.map((c) => <LiveRow key={c.id} conversation={c} now={now} active={c.id === selectedId} onSelect={setSelectedId} />)
          )}
        </div>
      </nav>
      {selected ? (
        <MonitorPane key={selected.id} conversation={selected} now={now} onTakenOver={onTakenOver} />
      ) : (
        <section className="ws-conversation ws-center" data-testid="monitor-empty">
          <Empty description={selectedId ? t('lead.monitor.gone') : t('lead.monitor.pick')} />
        </section>
      )}
    </div>
  );
}

interface RowProps {
  conversation: ConversationView;
  now: number;
  active: boolean;
  onSelect(id: string): void;
}

const EscalationRow = memo(function EscalationRow({ conversation: c, escalation: e, now, active, onSelect }: RowProps & { escalation: EscalationView }) {
  const { t } = useTranslation();
  const agentName = useAgentName();
  const waited = secondsSince(e.at, now);
  const locale = useApp((s) => s.settings.locale);
  const reason = escalationReasonText(e) || t('lead.queue.noReason');
  const agent = agentName(e.agentId);
  return (
    <LeadRow id={c.id} active={active} onSelect={onSelect} data={{ 'data-testid': `escalation-${c.id}`, 'data-auto': e.auto }}>
      <div className="ws-session-row">
        <span className="ws-session-name">{c.customerName}</span>
        <span className={`ws-lead-wait${waited !== null && waited >= LONG_WAIT_S ? ' ws-lead-wait-long' : ''}`} title={t('lead.queue.waitingTip')}>
          {formatDuration(waited, locale)}
        </span>
      </div>
      <div className="ws-session-row ws-lead-reason-row">
        <Tag color={e.auto ? 'volcano' : 'geekblue'} className="ws-tag" data-testid="escalation-kind">
          {e.auto ? t('lead.queue.auto') : t('lead.queue.manual')}
        </Tag>
        <span className="ws-ellipsis ws-lead-reason" title={reason} data-testid="escalation-reason">
          {reason}
        </span>
      </div>
      <div className="ws-session-row">
        <span className="ws-muted ws-small ws-ellipsis">{agent ? t('lead.queue.agent', { name: agent }) : t('lead.queue.noAgent')}</span>
        <span className="ws-muted ws-small ws-nowrap">{skillLabel(t, c.skillGroup)}</span>
      </div>
    </LeadRow>
  );
});

/** A selectable row of the lead's lists; `data-lead-row` is what the arrow keys move between. */
function LeadRow({ id, active, onSelect, data, children }: { id: string; active: boolean; onSelect(id: string): void; data: Record<`data-${string}`, string | boolean>; children: ReactNode }) {
  return (
    <button type="button" data-lead-row className={`ws-session ws-lead-row${active ? ' ws-session-active' : ''}`} {...data} aria-current={active || undefined} onClick={() => onSelect(id)}>
      {children}
    </button>
  );
}

const LiveRow = memo(function LiveRow({ conversation: c, now, active, onSelect }: RowProps) {
  const { t } = useTranslation();
  const agentName = useAgentName();
  const owner = agentName(c.ownerId);
  return (
    <LeadRow id={c.id} active={active} onSelect={onSelect} data={{ 'data-testid': `live-${c.id}` }}>
      <div className="ws-session-row">
        <span className="ws-session-name">{c.customerName}</span>
        <SlaTimer sla={slaInfo(c, now)} />
      </div>
      <div className="ws-session-row">
        <span className="ws-session-tags">
          <StateTag state={c.state} />
          <span className="ws-muted ws-ellipsis">{owner ?? t('lead.live.unassigned')}</span>
        </span>
        <span className="ws-muted ws-small ws-nowrap">{skillLabel(t, c.skillGroup)}</span>
      </div>
      <div className="ws-session-row">
        <span className="ws-session-preview ws-ellipsis">{c.lastMessagePreview || t('sessions.noMessages')}</span>
      </div>
    </LeadRow>
  );
});

function MonitorPane({ conversation: c, now, onTakenOver }: { conversation: ConversationView; now: number; onTakenOver(id: string): void }) {
  const { t } = useTranslation();
  const store = useStore();
  const fail = useLeadFailure();
  const { message } = AntApp.useApp();
  const user = useApp((s) => s.user);
  const locale = useApp((s) => s.settings.locale);
  const agentName = useAgentName();
  const [dialog, setDialog] = useState<'reassign' | 'return' | null>(null);
  const [busy, setBusy] = useState(false);
  const verdicts = useMemo(() => (user ? ticketActionsFor(c, user) : null), [c, user]);
  const escalation = c.state === 'escalated' ? escalationOf(c) : null;
  const owner = agentName(c.ownerId);

  const takeOver = async () => {
    setBusy(true);
    const result = await store.api.takeOverConversation({ conversationId: c.id });
    setBusy(false);
    if (!fail(result, 'takeOver')) return;
    void message.success(t('lead.takeOver.done', { name: c.customerName }));
    onTakenOver(c.id);
  };
  const run = (action: LeadAction) => (action === 'takeOver' ? void takeOver() : setDialog(action));

  return (
    <section className="ws-conversation" data-testid="monitor" data-conversation-id={c.id} aria-label={t('lead.monitor.label', { name: c.customerName })}>
      <header className="ws-column-head ws-conversation-head">
        <div className="ws-conversation-title">
          <Typography.Text strong className="ws-ellipsis" data-testid="monitor-customer">
            {c.customerName}
          </Typography.Text>
          <Tag color={stateColor(c.state)} className="ws-tag ws-state-badge" data-testid="monitor-state" data-state={c.state}>
            {stateLabel(t, c.state)}
          </Tag>
          <span className="ws-muted ws-small ws-ellipsis ws-conversation-meta">
            {channelLabel(t, c.channel)} · {skillLabel(t, c.skillGroup)} · {owner ? t('lead.queue.agent', { name: owner }) : t('lead.live.unassigned')}
          </span>
          <span className="ws-lead-live" role="status" data-testid="monitoring-on">
            <EyeOutlined /> {t('lead.monitor.on')}
          </span>
        </div>
        <div className="ws-ticket-actions" role="toolbar" aria-label={t('lead.actions.label')} data-testid="lead-actions">
          {LEAD_ACTIONS.map((action) => {
            const verdict = verdicts?.get(action);
            const allowed = verdict?.allowed ?? false;
            const reason = allowed ? null : pickText(verdict?.reasonIfNot, locale) || t('lead.actions.unavailable');
            return (
              <Tooltip key={action} title={reason ?? t(`lead.actions.${action}Tip`)} placement="bottom">
                <Button
                  size="small"
                  type={action === 'takeOver' && allowed ? 'primary' : 'default'}
                  icon={ACTION_ICONS[action]}
                  disabled={!allowed || busy}
                  loading={action === 'takeOver' && busy}
                  onClick={() => run(action)}
                  data-testid={`lead-action-${action}`}
                  data-allowed={allowed}
                  aria-label={reason ? `${t(`lead.actions.${action}`)}: ${reason}` : undefined}
                >
                  <span className="ws-action-label">{t(`lead.actions.${action}`)}</span>
                </Button>
              </Tooltip>
            );
          })}
        </div>
      </header>
      {escalation && (
        <div className="ws-lead-banner" data-testid="monitor-escalation" role="note">
          <Tag color={escalation.auto ? 'volcano' : 'geekblue'} className="ws-tag">
            {escalation.auto ? t('lead.queue.auto') : t('lead.queue.manual')}
          </Tag>
          <span className="ws-lead-banner-reason">{escalationReasonText(escalation) || t('lead.queue.noReason')}</span>
          <span className="ws-muted ws-small ws-nowrap">
            {t('lead.monitor.waited', { time: formatDuration(secondsSince(escalation.at, now), locale) })}
          </span>
        </div>
      )}
      <div className="ws-message-stack">
        <MessageList conversationId={c.id} active />
      </div>
      <WhisperBox conversation={c} />
      {dialog === 'reassign' && <ReassignDialog conversation={c} onClose={() => setDialog(null)} onDone={(text) => void message.success(text)} />}
      {dialog === 'return' && <ReturnDialog conversation={c} onClose={() => setDialog(null)} onDone={(text) => void message.success(text)} />}
    </section>
  );
}

/** A private note to the agent on this chat: stored as a whisper, shown to staff only, never to the customer. */
function WhisperBox({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const store = useStore();
  const fail = useLeadFailure();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    const result = await store.api.sendWhisper({ conversationId: conversation.id, text: body });
    setBusy(false);
    if (fail(result, 'whisper')) setText('');
  };
  return (
    <div className="ws-lead-whisper">
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={4000}
        placeholder={t('lead.whisper.placeholder')}
        aria-label={t('lead.whisper.label')}
        data-testid="whisper-input"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <Button type="default" icon={<SendOutlined />} onClick={() => void send()} loading={busy} disabled={!text.trim()} data-testid="whisper-send">
        {t('lead.whisper.send')}
      </Button>
      <span className="ws-muted ws-small ws-lead-whisper-hint">{t('lead.whisper.hint')}</span>
    </div>
  );
}
