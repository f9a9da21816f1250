/**
 * Picking a colleague to hand a chat to (the agent's transfer, the lead's reassign): a fresh directory each time a
 * dialog opens, and a searchable list showing each colleague's status, load and whether they have the chat's skill.
 */
import { Badge, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Directory } from '../../../../shared/protocol/hub';
import { useApp, useStore } from '../../store/context';

export type DirectoryAgent = Directory['agents'][number];

const STATUS_BADGE: Record<string, 'success' | 'warning' | 'default' | 'error'> = { online: 'success', busy: 'warning', away: 'default', offline: 'error' };

/** The cached directory at once, then a fresh one: statuses and loads change all the time. */
export function useFreshDirectory(): Directory | null {
  const store = useStore();
  const cached = useApp((s) => s.directory);
  const [directory, setDirectory] = useState<Directory | null>(cached);
  useEffect(() => {
    let live = true;
    void store.loadDirectory().then((d) => live && d && setDirectory(d));
    return () => {
      live = false;
    };
  }, [store]);
  return directory;
}

interface Props {
  /** Already filtered and in the order to show. */
  agents: readonly DirectoryAgent[];
  /** The chat's skill group: colleagues without it are marked. */
  skillGroup: string;
  value: string | undefined;
  onChange(agentId: string): void;
  testId: string;
  /** Each option carries `${optionTestIdPrefix}-${agent id}`. */
  optionTestIdPrefix: string;
  autoFocus?: boolean;
}

export function AgentSelect({ agents, skillGroup, value, onChange, testId, optionTestIdPrefix, autoFocus }: Props) {
  const { t } = useTranslation();
  const options = useMemo(
    () =>
      agents.map((a) => ({
        value: a.id,
        searchText: `${a.displayName} ${a.id}`,
        label: (
          <span className="ws-transfer-agent" data-testid={`${optionTestIdPrefix}-${a.id}`}>
            <Badge status={STATUS_BADGE[a.status] ?? 'default'} />
            <span className="ws-transfer-agent-name">{a.displayName}</span>
            <span className="ws-muted ws-small">
              {t(`agentStatus.${a.status}`, { defaultValue: a.status })} · {a.load}/{a.capacity}
              {a.skills.includes(skillGroup) ? '' : ` · ${t('transfer.noSkill')}`}
            </span>
          </span>
        ),
      })),
    [agents, skillGroup, optionTestIdPrefix, t],
  );
  return (
    <Select
      showSearch={{ optionFilterProp: 'searchText' }}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('transfer.pickAgent')}
      notFoundContent={t('transfer.noAgents')}
      data-testid={testId}
      autoFocus={autoFocus}
    />
  );
}
