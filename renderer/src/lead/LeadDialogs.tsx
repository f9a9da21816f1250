/** The lead's two dialogs on an escalation: reassign to a colleague of the branch, and return with guidance. */
import { Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import { AgentSelect, useFreshDirectory } from '../deck/conversation/AgentPicker';
import { NoteDialog, OptionalNoteField } from '../deck/conversation/NoteDialog';
import { skillLabel } from '../deck/labels';
import { useApp, useStore } from '../store/context';
import { FormDialog } from '../ui/FormDialog';
import { useLeadFailure } from './useLeadData';

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
  const directory = useFreshDirectory();
  const [agentId, setAgentId] = useState<string | undefined>(undefined);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const candidates = useMemo(
    () =>
      (directory?.agents ?? [])
        // Agents of the lead's own branch, not the lead, not the agent who has it now.
        .filter((a) => a.id !== me?.id && a.id !== conversation.ownerId && (!me?.branchId || a.branchId === me.branchId))
        .sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online') || a.load / Math.max(1, a.capacity) - b.load / Math.max(1, b.capacity)),
    [directory, me, conversation.ownerId],
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
    <FormDialog
      title={t('lead.reassign.title', { name: conversation.customerName })}
      okText={t('lead.actions.reassign')}
      testId="reassign-dialog"
      okTestId="reassign-dialog-ok"
      canSubmit={!!agentId}
      busy={busy}
      onSubmit={() => void submit()}
      onCancel={onClose}
    >
      {!directory ? (
        <Spin />
      ) : (
        <>
          <span className="ws-muted ws-small">{t('lead.reassign.skill', { skill: skillLabel(t, conversation.skillGroup) })}</span>
          <label className="ws-field">
            <span className="ws-field-label">{t('lead.reassign.agent')}</span>
            <AgentSelect
              agents={candidates}
              skillGroup={conversation.skillGroup}
              value={agentId}
              onChange={setAgentId}
              testId="reassign-agent-select"
              optionTestIdPrefix="reassign-agent"
              autoFocus
            />
          </label>
          <OptionalNoteField label={t('lead.reassign.note')} placeholder={t('lead.reassign.notePlaceholder')} value={note} onChange={setNote} testId="reassign-note" />
        </>
      )}
    </FormDialog>
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
