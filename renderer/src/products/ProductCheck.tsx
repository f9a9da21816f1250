/**
 * A product's suitability for the customer of a conversation, shown BEFORE anything is sent: the hub's decision
 * (allow / confirm / deny) with its reasons, a "the customer asked for it" switch, and the push button — disabled for
 * deny, explained for confirm (the customer must confirm a special risk warning on their side). Checked again when
 * the customer's profile changes.
 */
import { SendOutlined } from '@ant-design/icons';
import { App, Button, Spin, Switch, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOutput } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import type { Product } from '../../../shared/suitability/catalog';
import { pick } from '../compliance/bilingual';
import { useStore } from '../store/context';
import { DECISION_COLOR } from './labels';

type Check = RequestOutput<'checkProduct'>;

interface Props {
  conversationId: string;
  customerId: string;
  product: Product;
  /** False for QA reviewers and viewers who do not own the chat: the decision is shown, nothing is sent. */
  canPush: boolean;
}

export function ProductCheck({ conversationId, customerId, product, canPush }: Props) {
  const { t, i18n } = useTranslation();
  const store = useStore();
  const { message } = App.useApp();
  const [customerInitiated, setCustomerInitiated] = useState(false);
  const [check, setCheck] = useState<{ key: string; result: Check } | { key: string; error: AppError } | null>(null);
  const [pushing, setPushing] = useState(false);
  const key = `${conversationId}:${product.code}:${customerInitiated}`;

  const run = useCallback(async () => {
    const res = await store.api.checkProduct({ conversationId, productCode: product.code, customerInitiated });
    setCheck(res.ok ? { key, result: res.value } : { key, error: res.error });
  }, [store, conversationId, product.code, customerInitiated, key]);

  useEffect(() => {
    void run();
  }, [run]);
  useEffect(() => store.api.on('customer.changed', (e) => e.customerId === customerId && void run()), [store, customerId, run]);

  const current = check?.key === key ? check : null;
  const result = current && 'result' in current ? current.result : null;
  const decision = result?.decision;

  const push = async () => {
    if (!decision || decision === 'deny') return;
    setPushing(true);
    const res = await store.api.pushProduct({ conversationId, productCode: product.code, customerInitiated });
    setPushing(false);
    if (!res.ok) {
      store.report(res.error, 'send');
      return;
    }
    store.applyMessages(conversationId, [res.value]);
    void message.success(t(decision === 'confirm' ? 'products.pushedConfirm' : 'products.pushed', { name: product.name }));
  };

  return (
    <div className="ws-pcheck" data-testid="product-check" data-product={product.code} data-decision={decision ?? 'pending'}>
      <div className="ws-pcheck-head">
        <span className="ws-muted">{t('products.suitability')}</span>
        {decision ? (
          <Tag color={DECISION_COLOR[decision]} className="ws-tag" data-testid="product-decision" data-decision={decision}>
            {t(`products.decision.${decision}`)}
          </Tag>
        ) : current && 'error' in current ? null : (
          <Spin size="small" />
        )}
        <label className="ws-pcheck-toggle">
          <Switch size="small" checked={customerInitiated} onChange={setCustomerInitiated} data-testid="customer-initiated" />
          <span>{t('products.customerInitiated')}</span>
        </label>
      </div>
      {current && 'error' in current && (
        <div className="ws-pcheck-error" role="alert">
          {current.error.message}
        </div>
      )}
      {result && result.reasons.length > 0 && (
        <ul className={`ws-pcheck-reasons ws-pcheck-reasons-${result.decision}`} data-testid="product-reasons">
          {result.reasons.map((r) => (
            <li key={r.code} data-code={r.code}>
              {pick(r, i18n.language)}
            </li>
          ))}
        </ul>
      )}
      {decision === 'confirm' && <div className="ws-pcheck-note">{t('products.confirmNote')}</div>}
      {decision === 'deny' && <div className="ws-pcheck-note ws-pcheck-note-deny">{t('products.denyNote')}</div>}
      {canPush && (
        <Button
          type={decision === 'confirm' ? 'default' : 'primary'}
          size="small"
          icon={<SendOutlined />}
          disabled={!decision || decision === 'deny'}
          loading={pushing}
          onClick={() => void push()}
          data-testid="product-push"
        >
          {t(decision === 'confirm' ? 'products.pushConfirm' : 'products.push')}
        </Button>
      )}
    </div>
  );
}
