/**
 * Cards (product pushes, business cards, confirmations) rendered generically from their payload: a title and the
 * payload's simple fields. Specific card kinds get their own renderers later.
 */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/ipc/contract';
import { CommerceCard, isCommerceCard } from '../../products/CommerceCard';

const TITLE_KEYS = ['title', 'name', 'productName', 'heading'];
const MAX_FIELDS = 8;

function describe(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}

export function CardMessage({ message }: { message: MessageView }) {
  const { t } = useTranslation();
  if (isCommerceCard(message)) return <CommerceCard message={message} />;
  const payload = message.payload && typeof message.payload === 'object' && !Array.isArray(message.payload) ? (message.payload as Record<string, unknown>) : null;
  const titleKey = payload ? TITLE_KEYS.find((k) => typeof payload[k] === 'string') : undefined;
  const title = titleKey && payload ? String(payload[titleKey]) : message.text || t('messages.card');
  const fields = payload ? Object.entries(payload).filter(([k]) => k !== titleKey).slice(0, MAX_FIELDS) : [];
  return (
    <Card size="small" title={title} className="ws-card-message" data-testid="card-message">
      {message.text && message.text !== title && <div className="ws-card-text">{message.text}</div>}
      {fields.length > 0 && (
        <dl className="ws-card-fields">
          {fields.map(([k, v]) => (
            <div key={k} className="ws-card-field">
              <dt>{t(`cardFields.${k}`, { defaultValue: k })}</dt>
              <dd>{describe(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {!payload && message.payload !== undefined && <div className="ws-muted">{describe(message.payload)}</div>}
    </Card>
  );
}
