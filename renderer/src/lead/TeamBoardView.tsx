/**
 * 团队看板: every agent of the branch (status, load against capacity, current chats with SLA-breach and escalation
 * markers) and every skill group's queue (length, longest wait). Live: the hub pushes a new board about every 2 s.
 */
import { AlertOutlined, ClockCircleOutlined, RiseOutlined } from '@ant-design/icons';
import { Badge, Empty, Progress, Spin, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamBoard } from '../../../shared/protocol/leads';
import { formatTime } from '../deck/format';
import { stateLabel } from '../deck/labels';
import { StateTag } from '../deck/StateTag';
import { useApp } from '../store/context';
import { formatDuration, loadShare } from './format';
import { LeadCard } from './LeadCard';
import { useTeamBoard } from './useLeadData';

const STATUS_BADGE: Record<string, 'success' | 'warning' | 'default' | 'error'> = { online: 'success', busy: 'warning', away: 'default', offline: 'error' };
/** A queue whose oldest chat waits longer than this is shown in the warning colour. */
const LONG_QUEUE_WAIT_S = 60;

export function TeamBoardView() {
  const { t, i18n } = useTranslation();
  const board = useTeamBoard();
  if (!board) {
    return (
      <div className="ws-center" data-testid="team-board-loading">
        <Spin />
      </div>
    );
  }
  return (
    <div className="ws-lead-scroll" data-testid="team-board" data-at={board.at}>
      <LeadCard
        title={t('lead.board.queues')}
        titleId="lead-queues-title"
        extra={
          <span className="ws-muted ws-small" data-testid="team-board-updated">
            {t('lead.board.updated', { time: formatTime(board.at, i18n.language) })}
          </span>
        }
      >
        <QueueStrip board={board} />
      </LeadCard>
      <LeadCard title={t('lead.board.agents')} titleId="lead-agents-title" extra={<span className="ws-muted ws-small">{t('lead.board.agentCount', { count: board.agents.length })}</span>}>
        {board.agents.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lead.board.noAgents')} /> : <AgentTable board={board} />}
      </LeadCard>
    </div>
  );
}

function QueueStrip({ board }: { board: TeamBoard }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  if (board.queues.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lead.board.noQueues')} />;
  return (
    <ul className="ws-lead-queues" data-testid="team-queues">
      {board.queues.map((q) => {
        const long = q.length > 0 && q.longestWaitS >= LONG_QUEUE_WAIT_S;
        return (
          <li key={q.skillGroup} className={`ws-lead-queue${q.length > 0 ? ' ws-lead-queue-busy' : ''}`} data-testid={`queue-${q.skillGroup}`} data-length={q.length}>
            <span className="ws-lead-queue-name">{locale === 'en' ? q.name.en : q.name.zh}</span>
            <span className="ws-lead-queue-len">{t('lead.board.waiting', { count: q.length })}</span>
            <span className={`ws-small ws-nowrap${long ? ' ws-lead-wait-long' : ' ws-muted'}`}>
              <ClockCircleOutlined /> {q.length > 0 ? t('lead.board.longest', { time: formatDuration(q.longestWaitS, locale) }) : t('lead.board.noWait')}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function AgentTable({ board }: { board: TeamBoard }) {
  const { t } = useTranslation();
  return (
    <table className="ws-lead-table" data-testid="team-agents">
      <thead>
        <tr>
          <th scope="col">{t('lead.board.agent')}</th>
          <th scope="col">{t('lead.board.status')}</th>
          <th scope="col" className="ws-lead-col-load">
            {t('lead.board.load')}
          </th>
          <th scope="col">{t('lead.board.chats')}</th>
        </tr>
      </thead>
      <tbody>
        {board.agents.map((a) => {
          const share = loadShare(a.load, a.capacity);
          return (
            <tr key={a.id} data-testid={`board-agent-${a.id}`} data-status={a.status} data-load={a.load}>
              <th scope="row">
                <div className="ws-lead-agent-name">{a.displayName}</div>
                <div className="ws-muted ws-small ws-ellipsis">{a.skills.map((s) => t(`skills.${s}`, { defaultValue: s })).join(' · ')}</div>
              </th>
              <td>
                <Badge status={STATUS_BADGE[a.status] ?? 'default'} text={t(`agentStatus.${a.status}`, { defaultValue: a.status })} />
              </td>
              <td className="ws-lead-col-load">
                <div className="ws-lead-load">
                  <Progress
                    percent={share.percent}
                    size="small"
                    showInfo={false}
                    status={share.full ? 'exception' : 'normal'}
                    aria-label={t('lead.board.loadOf', { load: a.load, capacity: a.capacity })}
                  />
                  <span className="ws-nowrap ws-small">
                    {a.load}/{a.capacity}
                  </span>
                </div>
                {a.slaBreaches > 0 && (
                  <span className="ws-lead-breaches ws-small" data-testid="agent-sla-breaches">
                    <AlertOutlined /> {t('lead.board.breaches', { count: a.slaBreaches })}
                  </span>
                )}
              </td>
              <td>
                {a.chats.length === 0 ? (
                  <span className="ws-muted ws-small">{t('lead.board.noChats')}</span>
                ) : (
                  <div className="ws-lead-chips">
                    {a.chats.map((chat) => (
                      <Tooltip
                        key={chat.conversationId}
                        title={[stateLabel(t, chat.state), chat.slaBreached ? t('lead.board.slaBreached') : '', chat.escalated ? t('lead.board.escalated') : ''].filter(Boolean).join(' · ')}
                      >
                        <span
                          className={`ws-lead-chip${chat.slaBreached ? ' ws-lead-chip-breach' : ''}${chat.escalated ? ' ws-lead-chip-escalated' : ''}`}
                          data-testid={`board-chat-${chat.conversationId}`}
                          data-breached={chat.slaBreached}
                          data-escalated={chat.escalated}
                          tabIndex={0}
                        >
                          <StateTag state={chat.state} />
                          <span className="ws-ellipsis">{chat.customerName}</span>
                          {chat.slaBreached && <AlertOutlined className="ws-lead-mark-breach" aria-label={t('lead.board.slaBreached')} />}
                          {chat.escalated && <RiseOutlined className="ws-lead-mark-escalated" aria-label={t('lead.board.escalated')} />}
                        </span>
                      </Tooltip>
                    ))}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
