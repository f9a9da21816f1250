/**
 * The ticket's buttons in the conversation header: resolve, transfer, escalate, close. Each is enabled only where the
 * shared ticket machine allows it for this agent; a disabled one says why in its tooltip. The hub decides again.
 */
import { CheckCircleOutlined, CloseCircleOutlined, RiseOutlined, SwapOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Tooltip } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/ipc/contract';
import { useApp, useStore } from '../../store/context';
import { HEADER_ACTIONS, pickText, ticketActionsFor, type HeaderAction } from '../ticketActions';
import { NoteDialog } from './NoteDialog';
import { TransferDialog } from './TransferDialog';

const ICONS: Record<HeaderAction, ReactNode> = {
  resolve: <CheckCircleOutlined />,
  transfer: <SwapOutlined />,
  escalate: <RiseOutlined />,
  close: <CloseCircleOutlined />,
};

export function TicketActions({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  const locale = useApp((s) => s.settings.locale);
  const [open, setOpen] = useState<HeaderAction | null>(null);
  const actions = useMemo(() => (user ? ticketActionsFor(conversation, user) : null), [conversation, user]);
  if (!user || !actions) return null;

  return (
    <div className="ws-ticket-actions" role="toolbar" aria-label={t('ticket.actions')} data-testid="ticket-actions">
      {HEADER_ACTIONS.map((action) => {
        const verdict = actions.get(action);
        const allowed = verdict?.allowed ?? false;
        const reason = allowed ? null : pickText(verdict?.reasonIfNot, locale);
        return (
          <Tooltip key={action} title={reason ?? t(`ticket.${action}.tip`)} placement="bottom">
            <Button
              size="small"
              icon={ICONS[action]}
              danger={action === 'close'}
              disabled={!allowed}
              onClick={() => setOpen(action)}
              data-testid={`action-${action}`}
              data-allowed={allowed}
              aria-label={reason ? `${t(`ticket.${action}.label`)}: ${reason}` : undefined}
            >
              <span className="ws-action-label">{t(`ticket.${action}.label`)}</span>
            </Button>
          </Tooltip>
        );
      })}
      {open === 'transfer' && <TransferDialog conversation={conversation} onClose={() => setOpen(null)} />}
      {(open === 'escalate' || open === 'resolve' || open === 'close') && <TicketNoteDialog action={open} conversation={conversation} onClose={() => setOpen(null)} />}
    </div>
  );
}

/** Resolve (optional summary), escalate (reason required), close (optional reason). */
function TicketNoteDialog({ action, conversation, onClose }: { action: 'resolve' | 'escalate' | 'close'; conversation: ConversationView; onClose(): void }) {
  const store = useStore();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const submit = async (note: string) => {
    const conversationId = conversation.id;
    const text = note.trim();
    const ok =
      action === 'escalate'
        ? await store.escalate({ conversationId, reason: text })
        : action === 'resolve'
          ? await store.resolve({ conversationId, ...(text ? { summary: text } : {}) })
          : await store.close({ conversationId, ...(text ? { reason: text } : {}) });
    if (ok) {
      void message.success(t(`ticket.${action}.done`, { name: conversation.customerName }));
      onClose();
    }
  };
  return (
    <NoteDialog
      testId={`${action}-dialog`}
      title={t(`ticket.${action}.title`, { name: conversation.customerName })}
      label={t(`ticket.${action}.note`)}
      placeholder={t(`ticket.${action}.placeholder`)}
      required={action === 'escalate'}
      okText={t(`ticket.${action}.label`)}
      danger={action === 'close'}
      onSubmit={submit}
      onCancel={onClose}
    />
  );
}
