/**
 * Transfer (转接): back to a skill group's queue, or to a named colleague (the chat is then reserved for them), with a
 * note the next agent sees. The history goes with the chat. Targets come from the hub's directory.
 */
import { Radio, Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/ipc/contract';
import { useApp, useStore } from '../../store/context';
import { FormDialog } from '../../ui/FormDialog';
import { AgentSelect, useFreshDirectory } from './AgentPicker';
import { OptionalNoteField } from './NoteDialog';

type Target = 'skillGroup' | 'agent';

export function TransferDialog({ conversation, onClose }: { conversation: ConversationView; onClose(): void }) {
  const store = useStore();
  const { t } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  const userId = useApp((s) => s.user?.id);
  const directory = useFreshDirectory();
  const [target, setTarget] = useState<Target>('skillGroup');
  const [skillGroup, setSkillGroup] = useState<string | undefined>(undefined);
  const [agentId, setAgentId] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const groups = useMemo(
    () => (directory?.skillGroups ?? []).map((g) => ({ value: g.id, label: locale === 'en' ? g.name.en : g.name.zh })),
    [directory, locale],
  );
  const colleagues = useMemo(
    () =>
      (directory?.agents ?? [])
        .filter((a) => a.id !== userId)
        // Those who could take it now first; then by name.
        .sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online') || a.displayName.localeCompare(b.displayName, 'zh-CN')),
    [directory, userId],
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
    <FormDialog
      title={t('ticket.transfer.title', { name: conversation.customerName })}
      okText={t('ticket.transfer.label')}
      testId="transfer-dialog"
      okTestId="transfer-dialog-ok"
      canSubmit={!!chosen}
      busy={busy}
      onSubmit={() => void submit()}
      onCancel={onClose}
    >
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
              <AgentSelect
                agents={colleagues}
                skillGroup={conversation.skillGroup}
                value={agentId}
                onChange={setAgentId}
                testId="transfer-agent-select"
                optionTestIdPrefix="transfer-agent"
              />
            </label>
          )}
          <OptionalNoteField label={t('transfer.note')} placeholder={t('transfer.notePlaceholder')} value={note} onChange={setNote} testId="transfer-note" />
        </>
      )}
    </FormDialog>
  );
}
