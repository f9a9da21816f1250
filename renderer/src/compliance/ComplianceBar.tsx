/**
 * Under the composer: each hit with its rule's reason and the compliant wording (one click replaces a phrase, or masks
 * personal data), why Send is disabled for a `block`, the hub's refusal of a message with a way to put its text back,
 * and the acknowledgement dialog for `warn` rules.
 */
import { AimOutlined, CloseOutlined, ExclamationCircleFilled, RollbackOutlined, StopFilled } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { memo, useEffect, useMemo, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceHit } from '../../../shared/compliance';
import { AckDialog } from './AckDialog';
import { pick } from './bilingual';
import { complianceRule } from './engine';
import { applyFix, fixFor } from './replacement';
import type { ComplianceCheck } from './useComplianceCheck';
import './compliance.css';

interface Props {
  compliance: ComplianceCheck;
  text: string;
  /** Replaces the whole draft (the composer's change handler). */
  onReplace(next: string): void;
  textareaRef?: RefObject<TextAreaRef | null>;
}

export const ComplianceBar = memo(function ComplianceBar({ compliance, text, onReplace, textareaRef }: Props) {
  const { t, i18n } = useTranslation();
  const { hits, blocked, refusal, ackRequest, dismissRefusal } = compliance;
  // Blocking hits first (they are why Send is off), then in text order.
  const sorted = useMemo(() => [...hits].sort((a, b) => (a.severity === b.severity ? a.start - b.start : a.severity === 'block' ? -1 : 1)), [hits]);

  // A refused message comes back into an empty composer by itself; otherwise the agent chooses.
  const restoredFor = useRef<object | null>(null);
  useEffect(() => {
    if (refusal && restoredFor.current !== refusal && !text.trim()) {
      restoredFor.current = refusal;
      onReplace(refusal.text);
    }
  }, [refusal, text, onReplace]);

  const select = (hit: ComplianceHit) => {
    const area = textareaRef?.current?.resizableTextArea?.textArea;
    if (!area) return;
    area.focus();
    area.setSelectionRange(hit.start, hit.end);
  };

  const replace = (hit: ComplianceHit, replacement: string) => {
    const next = applyFix(text, hit, replacement);
    if (next === null) return;
    onReplace(next);
    const area = textareaRef?.current?.resizableTextArea?.textArea;
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(hit.start + replacement.length, hit.start + replacement.length);
    });
  };

  const kind = blocked ? 'block' : 'warn';
  const ruleCount = blocked ? compliance.blockItems.length : compliance.warnItems.length;
  return (
    <>
      {sorted.length > 0 && (
        <div className={`ws-cmp-bar ws-cmp-bar-${kind}`} data-testid="compliance-bar" data-verdict={compliance.result.verdict} role="status" aria-live="polite">
          <div className="ws-cmp-head" data-testid={blocked ? 'compliance-block-reason' : 'compliance-warn-note'}>
            {blocked ? <StopFilled /> : <ExclamationCircleFilled style={{ color: 'var(--ws-warning)' }} />}
            <span className="ws-cmp-head-text">{t(blocked ? 'compliance.head.block' : 'compliance.head.warn', { count: ruleCount })}</span>
          </div>
          <div className="ws-cmp-list">
            {sorted.map((hit) => {
              const fix = fixFor(hit, complianceRule(hit.ruleId), text);
              return (
                <div key={`${hit.ruleId}:${hit.start}`} className="ws-cmp-hit" data-testid="compliance-hit" data-rule={hit.ruleId} data-severity={hit.severity}>
                  <Tag color={hit.severity === 'block' ? 'error' : 'warning'} variant="filled">
                    {t(`compliance.severity.${hit.severity}`)}
                  </Tag>
                  <div className="ws-cmp-hit-body">
                    <div className="ws-cmp-hit-reason">
                      <span className="ws-cmp-hit-matched">「{hit.matched}」</span>
                      {pick(hit.reason, i18n.language)}
                    </div>
                    {fix?.kind !== 'mask' && (
                      <div className="ws-cmp-hit-alt">
                        {t('compliance.suggest')}
                        {pick(hit.alternative, i18n.language)}
                      </div>
                    )}
                  </div>
                  <div className="ws-cmp-hit-actions">
                    {textareaRef && (
                      <Tooltip title={t('compliance.locate')}>
                        <Button type="text" size="small" icon={<AimOutlined />} aria-label={t('compliance.locate')} onClick={() => select(hit)} />
                      </Tooltip>
                    )}
                    {fix && (
                      <Tooltip title={fix.text}>
                        <Button type="link" size="small" data-testid="compliance-replace" onClick={() => replace(hit, fix.text)}>
                          {t(fix.kind === 'mask' ? 'compliance.mask' : 'compliance.replace')}
                        </Button>
                      </Tooltip>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {refusal && (
        <div className="ws-cmp-refusal" role="alert" data-testid="compliance-refusal">
          <StopFilled />
          <span className="ws-cmp-refusal-text">
            {t('compliance.refused')}
            {refusal.message}
          </span>
          {refusal.text !== text && (
            <Button size="small" icon={<RollbackOutlined />} data-testid="compliance-restore" onClick={() => onReplace(refusal.text)}>
              {t('compliance.restore')}
            </Button>
          )}
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('compliance.dismiss')} onClick={dismissRefusal} />
        </div>
      )}
      {ackRequest && <AckDialog request={ackRequest} />}
    </>
  );
});
