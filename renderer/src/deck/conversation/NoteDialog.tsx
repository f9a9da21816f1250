/** A small modal that asks for one note (a reason, a summary) and submits it; Ctrl+Enter submits too. */
import { Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export const NOTE_MAX = 2000;

interface Props {
  testId: string;
  title: string;
  label: string;
  placeholder: string;
  required: boolean;
  okText: string;
  danger?: boolean;
  onSubmit(note: string): Promise<void>;
  onCancel(): void;
}

export function NoteDialog({ testId, title, label, placeholder, required, okText, danger, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const missing = required && !note.trim();
  const submit = async () => {
    if (missing || busy) return;
    setBusy(true);
    try {
      await onSubmit(note);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: missing, danger, loading: busy, 'data-testid': `${testId}-ok` } as never}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <label className="ws-field" data-testid={testId}>
        <span className="ws-field-label">
          {label}
          {!required && <span className="ws-muted ws-small"> {t('common.optional')}</span>}
        </span>
        <Input.TextArea
          autoFocus
          value={note}
          maxLength={NOTE_MAX}
          showCount
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={placeholder}
          data-testid={`${testId}-note`}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
    </Modal>
  );
}
