/**
 * The agent's service status (online / busy / away). The hub honours it: busy and away agents get no new chats by
 * dispatch and cannot grab. The value shown is the hub's, pushed back as `agentStatus.changed`.
 */
import { Badge, Select, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStatusChoice } from '../../../shared/protocol/hub';
import type { AgentStatus } from '../store/appStore';
import { useApp, useStore } from '../store/context';

const CHOICES: readonly AgentStatusChoice[] = ['online', 'busy', 'away'];
const BADGE: Record<AgentStatus, 'success' | 'warning' | 'default' | 'error'> = { online: 'success', busy: 'warning', away: 'default', offline: 'error' };

export function AgentStatusSwitch() {
  const store = useStore();
  const { t } = useTranslation();
  const status = useApp((s) => s.agentStatus);
  const hubOnline = useApp((s) => s.connection.state === 'online');
  const [saving, setSaving] = useState(false);
  const shown: AgentStatus = status ?? 'offline';

  const change = async (next: AgentStatusChoice) => {
    setSaving(true);
    await store.setAgentStatus(next);
    setSaving(false);
  };

  return (
    <Tooltip title={t(`agentStatus.tip.${shown}`)} placement="bottom">
      <Select<AgentStatusChoice>
        size="small"
        className="ws-status-select"
        data-testid="agent-status"
        data-status={shown}
        aria-label={t('agentStatus.label')}
        value={shown === 'offline' ? undefined : shown}
        placeholder={<Badge status="error" text={t('agentStatus.offline')} />}
        disabled={!hubOnline}
        loading={saving}
        popupMatchSelectWidth={false}
        onChange={(v) => void change(v)}
        options={CHOICES.map((c) => ({
          value: c,
          label: <Badge status={BADGE[c]} text={<span data-testid={`agent-status-${c}`}>{t(`agentStatus.${c}`)}</span>} />,
        }))}
      />
    </Tooltip>
  );
}
