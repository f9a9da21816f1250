/**
 * Transfer (转接): back to a skill group's queue, or to a named colleague (the chat is then reserved for them), with a
 * note the next agent sees. The history goes with the chat. Targets come from the hub's directory.
 */
import { Badge, Input, Modal, Radio, Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/ipc/contract';
import type { Directory } from '../../../../shared/protocol/hub';
import { useApp, useStore } from '../../store/context';
import { NOTE_MAX } from './NoteDialog';

type Target = 'skillGroup' | 'agent';
const STATUS_BADGE: Record<string, 'success' | 'warning' | 'default' | 'error'> = { online: 'success', busy: 'warning', away: 'default', offline: 'error' };

export function TransferDialog({ conversation, onClose }: { conversation: ConversationView; onClose(): void }) {
  const store = useStore();
  const { t } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  const userId = useApp((s) => s.user?.id);
  const cached = useApp((s) => s.directory);
  const [directory, setDirectory] = useState<Directory | null>(cached);
  const [target, setTarget] = useState<Target>('skillGroup');
  const [skillGroup, setSkillGroup] = useState<string | undefined>(undefined);
  const [agentId, setAgentId] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  // Statuses and loads change all the time: fetch a fresh directory each time the dialog opens.
  useEffect(() => {
    let live = true;
    void store.loadDirectory().then((d) => live && d && setDirectory(d));
    return () => {
      live = false;
    };
  }, [store]);

  const groups = useMemo(
    () => (directory?.skillGroups ?? []).map((g) => ({ value: g.id, label: locale === 'en' ? g.name.en : g.name.zh })),
    [directory, locale],
  );
  const colleagues = useMemo(
    () =>
      (directory?.agents ?? [])
        .filter((a) => a.id !== userId)
        // Those who could take it now first; then by name.
        .sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online') || a.displayName.localeCompare(b.displayName, 'zh-CN'))
        .map((a) => ({
          value: a.id,
          searchText: `${a.displayName} ${a.id}`,
          label: (
            <span className="ws-transfer-agent" data-testid={`transfer-agent-${a.id}`}>
              <Badge status={STATUS_BADGE[a.status] ?? 'default'} />
              <span className="ws-transfer-agent-name">{a.displayName}</span>
              <span className="ws-muted ws-small">
                {t(`agentStatus.${a.status}`, { defaultValue: a.status })} · {a.load}/{a.capacity}
                {a.skills.includes(conversation.skillGroup) ? '' : ` · ${t('transfer.noSkill')}`}
              </span>
            </span>
          ),
        })),
    [directory, userId, t, conversation.skillGroup],
  );

  const chosen = target === 'skillGroup' ? skillGroup : agentId;
  const submit = async () => {
    if (!chosen || busy) return;
    setBusy(true);
    const ok = await store.transfer({
      conversationId: conversation.id,
      ...(target === 'skillGroup' ? { toSkillGroup: chosen } : { toAgentId: chosen }),
      note: note.trim(),
    });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Modal
      open
      title={t('ticket.transfer.title', { name: conversation.customerName })}
      okText={t('ticket.transfer.label')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !chosen, loading: busy, 'data-testid': 'transfer-dialog-ok' } as never}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="ws-dialog-body" data-testid="transfer-dialog">
        {!directory ? (
          <Spin />
        ) : (
          <>
            <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as Target)} optionType="button" buttonStyle="solid" size="small">
              <Radio.Button value="skillGroup">
                <span data-testid="transfer-to-group">{t('transfer.toGroup')}</span>
              </Radio.Button>
              <Radio.Button value="agent">
                <span data-testid="transfer-to-agent">{t('transfer.toAgent')}</span>
              </Radio.Button>
            </Radio.Group>
            {target === 'skillGroup' ? (
              <label className="ws-field">
                <span className="ws-field-label">{t('transfer.group')}</span>
                <Select value={skillGroup} onChange={setSkillGroup} options={groups} placeholder={t('transfer.pickGroup')} data-testid="transfer-group-select" />
              </label>
            ) : (
              <label className="ws-field">
                <span className="ws-field-label">{t('transfer.agent')}</span>
                <Select
                  showSearch={{ optionFilterProp: 'searchText' }}
                  value={agentId}
                  onChange={setAgentId}
                  options={colleagues}
                  placeholder={t('transfer.pickAgent')}
                  data-testid="transfer-agent-select"
                  notFoundContent={t('transfer.noAgents')}
                />
              </label>
            )}
            <label className="ws-field">
              <span className="ws-field-label">
                {t('transfer.note')} <span className="ws-muted ws-small">{t('common.optional')}</span>
              </span>
              <Input.TextArea
                value={note}
                maxLength={NOTE_MAX}
                showCount
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('transfer.notePlaceholder')}
                data-testid="transfer-note"
                onChange={(e) => setNote(e.target.value)}
              />
            </label>
          </>
        )}
      </div>
    </Modal>
  );
}
