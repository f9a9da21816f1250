/**
 * The workstation's form dialog: OK submits and stays disabled until the form is complete (and spins while the
 * request runs), Cancel closes, and the body is laid out as a column of fields. Note dialogs, transfer, reassign,
 * appeal decisions, PII reveals and warning acknowledgements all use it, so they look and behave alike.
 */
import { Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: ReactNode;
  okText: string;
  /** On the body, so tests find the dialog; the OK button carries `okTestId`. */
  testId: string;
  okTestId: string;
  cancelTestId?: string;
  canSubmit: boolean;
  busy?: boolean;
  /** A red OK button, for what cannot be undone. */
  danger?: boolean;
  width?: string;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}

export function FormDialog({ title, okText, testId, okTestId, cancelTestId, canSubmit, busy, danger, width, onSubmit, onCancel, children }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      // antd types these button props without data attributes.
      okButtonProps={{ disabled: !canSubmit, danger, loading: busy, 'data-testid': okTestId } as never}
      cancelButtonProps={cancelTestId ? ({ 'data-testid': cancelTestId } as never) : undefined}
      onOk={onSubmit}
      onCancel={onCancel}
      destroyOnHidden
      width={width}
    >
      <div className="ws-dialog-body" data-testid={testId}>
        {children}
      </div>
    </Modal>
  );
}
