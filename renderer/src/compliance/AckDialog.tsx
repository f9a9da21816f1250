/**
 * Before a warned draft is sent: one checkbox per warned rule (its reason, the words that raised it, the compliant
 * wording) and an optional reason. Sending is possible only once every rule is ticked; the acknowledgement goes to
 * the hub with the message and into the audit ledger.
 */
import { Alert, Checkbox, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../ui/FormDialog';
import { ACK_REASON_MAX, isAckComplete, toAcknowledgement } from './ackState';
import type { AckRequest } from './useComplianceCheck';
import { pick } from './bilingual';

export function AckDialog({ request }: { request: AckRequest }) {
  const { t, i18n } = useTranslation();
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const complete = isAckComplete(request.items, checked);
  const confirm = () => {
    const ack = toAcknowledgement(request.items, checked, reason);
    if (ack) request.answer(ack);
  };
  const toggle = (ruleId: string, on: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(ruleId);
      else next.delete(ruleId);
      return next;
    });
  return (
    <FormDialog
      title={t(request.fromHub ? 'compliance.ack.hubTitle' : 'compliance.ack.title')}
      okText={t('compliance.ack.confirm')}
      testId="ack-dialog"
      okTestId="ack-confirm"
      cancelTestId="ack-cancel"
      canSubmit={complete}
      width="min(36rem, 92vw)"
      onSubmit={confirm}
      onCancel={() => request.answer(null)}
    >
      <Alert type="warning" showIcon title={t('compliance.ack.intro')} />
      <div className="ws-ack-list">
        {request.items.map((item) => (
          <Checkbox
            key={item.ruleId}
            className="ws-ack-item"
            checked={checked.has(item.ruleId)}
            onChange={(e) => toggle(item.ruleId, e.target.checked)}
            data-testid={`ack-rule-${item.ruleId}`}
          >
            <span>
              {item.matched.length > 0 && <strong>「{item.matched.join('」「')}」</strong>}
              {pick(item.reason, i18n.language)}
            </span>
            {(item.alternative.zh || item.alternative.en) && (
              <span className="ws-ack-alt">
                {t('compliance.suggest')}
                {pick(item.alternative, i18n.language)}
              </span>
            )}
          </Checkbox>
        ))}
      </div>
      <label className="ws-field">
        <span className="ws-field-label">
          {t('compliance.ack.reason')}
          <span className="ws-muted ws-small"> {t('common.optional')}</span>
        </span>
        <Input.TextArea
          value={reason}
          maxLength={ACK_REASON_MAX}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('compliance.ack.reasonPlaceholder')}
          data-testid="ack-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
    </FormDialog>
  );
}
