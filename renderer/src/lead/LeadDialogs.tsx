/** The lead's two dialogs on an escalation: reassign to a colleague of the branch, and return with guidance. */
import { Badge, Input, Modal, Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import type { Directory } from '../../../shared/protocol/hub';
import { NOTE_MAX, NoteDialog } from '../deck/conversation/NoteDialog';
import { skillLabel } from '../deck/labels';
import { useApp, useStore } from '../store/context';
import { useLeadFailure } from './useLeadData';

const STATUS_BADGE: Record<string, 'success' | 'warning' | 'default' | 'error'> = { online: 'success', busy: 'warning', away: 'default', offline: 'error' };

interface DialogProps {
  conversation: ConversationView;
  onClose(): void;
  onDone(message: string): void;
}

export function ReassignDialog({ conversation, onClose, onDone }: DialogProps) {
  const store = useStore();
  const fail = useLeadFailure();
  const { t } = useTranslation();
  const me = useApp((s) => s.user);
  const cached = useApp((s) => s.directory);
  const [directory, setDirectory] = useState<Directory | null>(cached);
  const [agentId, setAgentId] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  // Status and load move all the time: fetch a fresh directory each time the dialog opens.
  useEffect(() => {
    let live = true;
    void store.loadDirectory().then((d) => live && d && setDirectory(d));
    return () => {
      live = false;
    };
  }, [store]);

  const options = useMemo(
    () =>
      (directory?.agents ?? [])
        // Agents of the lead's own branch, not the lead, not the agent who has it now.
        .filter((a) => a.id !== me?.id && a.id !== conversation.ownerId && (!me?.branchId || a.branchId === me.branchId))
        .sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online') || a.load / Math.max(1, a.capacity) - b.load / Math.max(1, b.capacity))
        .map((a) => ({
          value: a.id,
          searchText: `${a.displayName} ${a.id}`,
          label: (
            <span className="ws-transfer-agent" data-testid={`reassign-agent-${a.id}`}>
              <Badge status={STATUS_BADGE[a.status] ?? 'default'} />
              <span className="ws-transfer-agent-name">{a.displayName}</span>
              <span className="ws-muted ws-small">
                {t(`agentStatus.${a.status}`, { defaultValue: a.status })} · {a.load}/{a.capacity}
                {a.skills.includes(conversation.skillGroup) ? '' : ` · ${t('transfer.noSkill')}`}
              </span>
            </span>
          ),
        })),
    [directory, me, conversation.ownerId, conversation.skillGroup, t],
  );

  const submit = async () => {
    if (!agentId || busy) return;
    setBusy(true);
    const result = await store.api.reassignConversation({ conversationId: conversation.id, toAgentId: agentId, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!fail(result, 'reassign')) return;
    const name = directory?.agents.find((a) => a.id === agentId)?.displayName ?? agentId;
    onDone(t('lead.reassign.done', { name: conversation.customerName, agent: name }));
    onClose();
  };

  return (
    <Modal
      open
      title={t('lead.reassign.title', { name: conversation.customerName })}
      okText={t('lead.actions.reassign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !agentId, loading: busy, 'data-testid': 'reassign-dialog-ok' } as never}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="ws-dialog-body" data-testid="reassign-dialog">
        {!directory ? (
          <Spin />
        ) : (
          <>
            <span className="ws-muted ws-small">{t('lead.reassign.skill', { skill: skillLabel(t, conversation.skillGroup) })}</span>
            <label className="ws-field">
              <span className="ws-field-label">{t('lead.reassign.agent')}</span>
              <Select
                showSearch={{ optionFilterProp: 'searchText' }}
                value={agentId}
                onChange={setAgentId}
                options={options}
                placeholder={t('transfer.pickAgent')}
                notFoundContent={t('transfer.noAgents')}
                data-testid="reassign-agent-select"
                autoFocus
              />
            </label>
            <label className="ws-field">
              <span className="ws-field-label">
                {t('lead.reassign.note')}
                <span className="ws-muted ws-small"> {t('common.optional')}</span>
              </span>
              <Input.TextArea
                value={note}
                maxLength={NOTE_MAX}
                showCount
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('lead.reassign.notePlaceholder')}
                onChange={(e) => setNote(e.target.value)}
                data-testid="reassign-note"
              />
            </label>
          </>
        )}
      </div>
    </Modal>
  );
}

export function ReturnDialog({ conversation, onClose, onDone }: DialogProps) {
  const store = useStore();
  const fail = useLeadFailure();
  const { t } = useTranslation();
  const submit = async (guidance: string) => {
    const result = await store.api.returnConversation({ conversationId: conversation.id, guidance: guidance.trim() });
    if (!fail(result, 'return')) return;
    onDone(t('lead.return.done', { name: conversation.customerName }));
    onClose();
  };
  return (
    <NoteDialog
      testId="return-dialog"
      title={t('lead.return.title', { name: conversation.customerName })}
      label={t('lead.return.guidance')}
      placeholder={t('lead.return.placeholder')}
      required
      okText={t('lead.actions.return')}
      onSubmit={submit}
      onCancel={onClose}
    />
  );
}
