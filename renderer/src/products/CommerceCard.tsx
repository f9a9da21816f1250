/**
 * Product pushes and business cards in the conversation history (CardMessage delegates here). A product card shows
 * the product, its risk level, the suitability decision and, for a push that needs it, whether the customer has
 * confirmed the special risk warning yet (a later system message `push.confirmed` with the same pushId says so).
 * While a push or card is still in the outbox its payload holds only the code/id; the catalogue fills in the rest.
 */
import { CheckCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import { Card as AntCard, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../shared/ipc/contract';
import type { Card, Product } from '../../../shared/suitability/catalog';
import type { RiskLevel, SuitabilityDecision } from '../../../shared/suitability/types';
import { pick } from '../compliance/bilingual';
import { formatTime } from '../deck/format';
import { useApp } from '../store/context';
import { confirmationOf, readCommercePayload, type CommercePayload } from './cardPayload';
import { DECISION_COLOR, riskColor } from './labels';
import { useCatalog } from './useCatalog';
import './products.css';

/** True for messages this module renders (CardMessage asks before its generic rendering). */
export function isCommerceCard(message: MessageView): boolean {
  return readCommercePayload(message.payload) !== null;
}

export function CommerceCard({ message }: { message: MessageView }) {
  const payload = readCommercePayload(message.payload);
  if (!payload) return null;
  return payload.type === 'product' ? <ProductPush message={message} payload={payload} /> : <BusinessCard payload={payload} />;
}

function useCatalogEntry<T>(select: (c: { productsByCode: ReadonlyMap<string, Product>; cardsById: ReadonlyMap<string, Card> }) => T | undefined): T | undefined {
  const catalog = useCatalog();
  return catalog.status === 'ready' ? select(catalog.catalog) : undefined;
}

function ProductPush({ message, payload }: { message: MessageView; payload: Extract<CommercePayload, { type: 'product' }> }) {
  const { t, i18n } = useTranslation();
  const fromCatalog = useCatalogEntry((c) => c.productsByCode.get(payload.productCode));
  const product = payload.product ?? fromCatalog;
  const pushId = payload.pushId;
  const confirmedAt = useApp((s) => (pushId ? confirmationOf(s.messages[message.conversationId], pushId) : null));
  const decision: SuitabilityDecision | undefined = payload.decision;
  const name = product ? (i18n.language === 'en' && product.nameEn ? product.nameEn : product.name) : payload.productCode;
  const confirmState = !payload.requiresConfirmation ? 'none' : confirmedAt ? 'confirmed' : 'pending';
  return (
    <CardFrame kind={t('products.pushLabel')} name={name} riskLevel={product?.riskLevel} data={{ 'data-card-type': 'product', 'data-product': payload.productCode }}>
      <div className="ws-ccard-meta ws-small ws-muted">
        <span>{payload.productCode}</span>
        {product && <span>{t(`products.types.${product.type}`)}</span>}
        {product && <span>{product.term}</span>}
      </div>
      {decision && (
        <div className="ws-ccard-decision">
          <Tag color={DECISION_COLOR[decision.decision]} className="ws-tag" data-testid="card-decision" data-decision={decision.decision}>
            {t(`products.decision.${decision.decision}`)}
          </Tag>
          {payload.customerInitiated && <span className="ws-small ws-muted">{t('products.customerInitiated')}</span>}
        </div>
      )}
      {decision && decision.reasons.length > 0 && (
        <ul className="ws-ccard-reasons ws-small">
          {decision.reasons.map((r) => (
            <li key={r.code}>{pick(r, i18n.language)}</li>
          ))}
        </ul>
      )}
      {payload.riskWarning && <div className="ws-ccard-warning ws-small">{payload.riskWarning}</div>}
      {payload.pending && <div className="ws-small ws-muted">{t('products.queued')}</div>}
      {confirmState !== 'none' && (
        <div className={`ws-ccard-confirm ws-ccard-confirm-${confirmState}`} data-testid="push-confirmation" data-state={confirmState}>
          {confirmState === 'confirmed' ? <CheckCircleFilled /> : <ClockCircleOutlined />}
          <span>
            {confirmState === 'confirmed' ? t('products.customerConfirmed', { time: formatTime(confirmedAt!, i18n.language) }) : t('products.awaitingConfirmation')}
          </span>
        </div>
      )}
    </CardFrame>
  );
}

function BusinessCard({ payload }: { payload: Extract<CommercePayload, { type: 'business' }> }) {
  const { t, i18n } = useTranslation();
  const fromCatalog = useCatalogEntry((c) => c.cardsById.get(payload.cardId));
  const card = payload.card ?? fromCatalog;
  const title = card ? pick(card.title, i18n.language) : (payload.title ?? payload.cardId);
  return (
    <CardFrame kind={t('products.cardLabel')} name={title} riskLevel={card?.riskLevel} data={{ 'data-card-type': 'business', 'data-card': payload.cardId }}>
      {card && <div className="ws-small">{pick(card.summary, i18n.language)}</div>}
      {card && (
        <>
          <div className="ws-card-section-title ws-small">{t('products.steps')}</div>
          <ol className="ws-card-list ws-small">
            {card.steps.map((s) => (
              <li key={s.zh}>{pick(s, i18n.language)}</li>
            ))}
          </ol>
          <div className="ws-card-section-title ws-small">{t('products.conditions')}</div>
          <ul className="ws-card-list ws-small">
            {card.conditions.map((c) => (
              <li key={c.zh}>{pick(c, i18n.language)}</li>
            ))}
          </ul>
        </>
      )}
      {payload.pending && <div className="ws-small ws-muted">{t('products.queued')}</div>}
    </CardFrame>
  );
}

/** The frame both kinds of card share in the history: what it is, its name, and its risk level when known. */
function CardFrame({ kind, name, riskLevel, data, children }: { kind: string; name: string; riskLevel: RiskLevel | null | undefined; data: Record<`data-${string}`, string>; children: ReactNode }) {
  return (
    <AntCard
      size="small"
      className="ws-card-message ws-ccard"
      data-testid="card-message"
      {...data}
      title={
        <span className="ws-ccard-title">
          <span className="ws-muted ws-small">{kind}</span>
          <span className="ws-ellipsis">{name}</span>
        </span>
      }
      extra={
        riskLevel && (
          <Tag color={riskColor(riskLevel)} className="ws-tag">
            {riskLevel}
          </Tag>
        )
      }
    >
      {children}
    </AntCard>
  );
}
