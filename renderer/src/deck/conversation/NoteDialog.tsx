/** A small modal that asks for one note (a reason, a summary) and submits it; Ctrl+Enter submits too. */
import { Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../ui/FormDialog';

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
    <FormDialog title={title} okText={okText} testId={testId} okTestId={`${testId}-ok`} canSubmit={!missing} busy={busy} danger={danger} onSubmit={() => void submit()} onCancel={onCancel}>
      <label className="ws-field">
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
    </FormDialog>
  );
}

/** An optional note inside a larger dialog (the note a transfer or reassignment hands to the next agent). */
export function OptionalNoteField({ label, placeholder, value, onChange, testId }: { label: string; placeholder: string; value: string; onChange(note: string): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="ws-field">
      <span className="ws-field-label">
        {label}
        <span className="ws-muted ws-small"> {t('common.optional')}</span>
      </span>
      <Input.TextArea
        value={value}
        maxLength={NOTE_MAX}
        showCount
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
