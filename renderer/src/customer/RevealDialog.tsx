/**
 * Asks why a masked field is needed before revealing it. The reason is required (the hub logs it in the audit ledger
 * with the field and the agent); common reasons are one click away. A refusal is shown in the dialog.
 */
import { Alert, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOutput } from '../../../shared/ipc/contract';
import type { RevealableField } from '../../../shared/protocol/hub';
import { useStore } from '../store/context';
import { FormDialog } from '../ui/FormDialog';

/** The hub requires 2–200 characters. */
export const REVEAL_REASON_MIN = 2;
export const REVEAL_REASON_MAX = 200;
const PRESETS = ['verifyIdentity', 'callback', 'business'] as const;

interface Props {
  customerId: string;
  field: RevealableField;
  onRevealed(result: RequestOutput<'revealCustomerField'>): void;
  onCancel(): void;
}

export function RevealDialog({ customerId, field, onRevealed, onCancel }: Props) {
  const { t } = useTranslation();
  const store = useStore();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = reason.trim().length >= REVEAL_REASON_MIN;
  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    const res = await store.api.revealCustomerField({ customerId, field, reason: reason.trim() });
    setBusy(false);
    if (res.ok) onRevealed(res.value);
    else setError(res.error.message);
  };
  return (
    <FormDialog
      title={t('customer.revealTitle', { field: t(`customer.fields.${field}`) })}
      okText={t('customer.revealConfirm')}
      testId="reveal-dialog"
      okTestId="reveal-confirm"
      canSubmit={valid}
      busy={busy}
      width="min(30rem, 92vw)"
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <div className="ws-muted">{t('customer.revealIntro')}</div>
      <div className="ws-cust-presets">
        {PRESETS.map((p) => (
          <Tag.CheckableTag key={p} checked={reason === t(`customer.reasons.${p}`)} onChange={() => setReason(t(`customer.reasons.${p}`))}>
            {t(`customer.reasons.${p}`)}
          </Tag.CheckableTag>
        ))}
      </div>
      <Input.TextArea
        autoFocus
        value={reason}
        maxLength={REVEAL_REASON_MAX}
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder={t('customer.revealReason')}
        aria-label={t('customer.revealReason')}
        data-testid="reveal-reason"
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      {error && <Alert type="error" showIcon title={error} />}
    </FormDialog>
  );
}
