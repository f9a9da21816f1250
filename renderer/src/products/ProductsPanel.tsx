/**
 * Side panel tab 产品 / Products: the product library (search by name, code or type; risk level) with each product's
 * suitability for the focused conversation's customer before sending, and the business cards (业务直达卡片) with a
 * send button.
 */
import { CaretDownOutlined, CaretRightOutlined, FileTextOutlined, SearchOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Segmented, Spin, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import type { User } from '../../../shared/protocol/hub';
import type { Card, Product } from '../../../shared/suitability/catalog';
import { pick } from '../compliance/bilingual';
import { useStore } from '../store/context';
import { riskColor } from './labels';
import { ProductCheck } from './ProductCheck';
import { useCatalog } from './useCatalog';
import './products.css';

/** Whether this user may send to this conversation: its owner, never a QA reviewer. */
export function canSendTo(user: User, conversation: ConversationView | null): boolean {
  return !!conversation && user.role !== 'qa' && conversation.ownerId === user.id;
}

/** Case-insensitive match on name (zh/en), code and type (its id and both labels). */
export function matchesProduct(product: Product, query: string, typeLabels: readonly string[]): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [product.name, product.nameEn ?? '', product.code, product.type, ...typeLabels].some((s) => s.toLowerCase().includes(q));
}

export function ProductsPanel({ conversation, user }: { conversation: ConversationView | null; user: User }) {
  const { t, i18n } = useTranslation();
  const catalog = useCatalog();
  const [view, setView] = useState<'products' | 'cards'>('products');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const canPush = canSendTo(user, conversation);

  const products = useMemo(() => {
    if (catalog.status !== 'ready') return [];
    return catalog.catalog.products.filter((p) =>
      matchesProduct(p, query, [t(`products.types.${p.type}`, { lng: 'zh-CN' }), t(`products.types.${p.type}`, { lng: 'en' })]),
    );
  }, [catalog, query, t]);
  const cards = useMemo(() => {
    if (catalog.status !== 'ready') return [];
    const q = query.trim().toLowerCase();
    return catalog.catalog.cards.filter((c) => !q || [c.id, c.title.zh, c.title.en, c.summary.zh, c.summary.en].some((s) => s.toLowerCase().includes(q)));
  }, [catalog, query]);

  if (catalog.status === 'loading') return <Spin className="ws-side-empty" />;
  if (catalog.status === 'error') return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={catalog.error.message} className="ws-side-empty" />;

  return (
    <div className="ws-side-tab ws-products" data-testid="products-panel">
      <div className="ws-products-tools">
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'products' | 'cards')}
          options={[
            { value: 'products', label: <span data-testid="products-view-products">{t('products.library', { count: catalog.catalog.products.length })}</span> },
            { value: 'cards', label: <span data-testid="products-view-cards">{t('products.cards', { count: catalog.catalog.cards.length })}</span> },
          ]}
        />
        <Input
          size="small"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t(view === 'products' ? 'products.search' : 'products.searchCards')}
          aria-label={t(view === 'products' ? 'products.search' : 'products.searchCards')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="products-search"
        />
      </div>
      {!conversation && <div className="ws-muted ws-small">{t('products.noConversation')}</div>}
      {view === 'products' ? (
        <div className="ws-plist" role="list">
          {products.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.none')} />}
          {products.map((p) => (
            <ProductRow
              key={p.code}
              product={p}
              open={open === p.code}
              onToggle={() => setOpen((o) => (o === p.code ? null : p.code))}
              conversation={conversation}
              canPush={canPush}
              language={i18n.language}
            />
          ))}
        </div>
      ) : (
        <div className="ws-plist" role="list">
          {cards.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.none')} />}
          {cards.map((c) => (
            <BusinessCardRow key={c.id} card={c} open={open === `card:${c.id}`} onToggle={() => setOpen((o) => (o === `card:${c.id}` ? null : `card:${c.id}`))} conversation={conversation} canSend={canPush} />
          ))}
        </div>
      )}
    </div>
  );
}

function ProductRow(props: { product: Product; open: boolean; onToggle(): void; conversation: ConversationView | null; canPush: boolean; language: string }) {
  const { product: p, open, onToggle, conversation, canPush, language } = props;
  const { t } = useTranslation();
  const name = language === 'en' && p.nameEn ? p.nameEn : p.name;
  return (
    <div className={`ws-prow${open ? ' ws-prow-open' : ''}`} role="listitem" data-testid={`product-${p.code}`}>
      <button type="button" className="ws-prow-head" aria-expanded={open} onClick={onToggle}>
        {open ? <CaretDownOutlined className="ws-prow-caret" /> : <CaretRightOutlined className="ws-prow-caret" />}
        <span className="ws-prow-name ws-ellipsis" title={name}>
          {name}
        </span>
        <Tag color={riskColor(p.riskLevel)} className="ws-tag ws-risk-tag" data-testid="product-risk">
          {p.riskLevel}
        </Tag>
      </button>
      <div className="ws-prow-sub ws-muted ws-small">
        <span>{p.code}</span>
        <span>{t(`products.types.${p.type}`)}</span>
        <span className="ws-ellipsis">{p.term}</span>
      </div>
      {open && (
        <div className="ws-prow-body">
          <div className="ws-prow-facts ws-small">
            <span>
              {t('products.minAmount')}: {p.minAmount.toLocaleString(language === 'en' ? 'en' : 'zh-CN')}
              {t('products.yuan')}
            </span>
            {p.documents.map((d) => (
              <span key={d.url} className="ws-muted">
                <FileTextOutlined /> {d.title}
              </span>
            ))}
          </div>
          {conversation ? (
            <ProductCheck conversationId={conversation.id} customerId={conversation.customerId} product={p} canPush={canPush} />
          ) : (
            <div className="ws-muted ws-small">{t('products.noConversation')}</div>
          )}
        </div>
      )}
    </div>
  );
}

export function BusinessCardRow({ card, open, onToggle, conversation, canSend }: { card: Card; open: boolean; onToggle(): void; conversation: ConversationView | null; canSend: boolean }) {
  const { t, i18n } = useTranslation();
  const store = useStore();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (!conversation) return;
    setSending(true);
    const res = await store.api.sendCard({ conversationId: conversation.id, cardId: card.id });
    setSending(false);
    if (!res.ok) return store.report(res.error, 'send');
    store.applyMessages(conversation.id, [res.value]);
    void message.success(t('products.cardSent', { title: pick(card.title, i18n.language) }));
  };
  return (
    <div className={`ws-prow${open ? ' ws-prow-open' : ''}`} role="listitem" data-testid={`card-${card.id}`}>
      <div className="ws-prow-line">
        <button type="button" className="ws-prow-head" aria-expanded={open} onClick={onToggle}>
          {open ? <CaretDownOutlined className="ws-prow-caret" /> : <CaretRightOutlined className="ws-prow-caret" />}
          <span className="ws-prow-name ws-ellipsis">{pick(card.title, i18n.language)}</span>
          {card.riskLevel && (
            <Tag color={riskColor(card.riskLevel)} className="ws-tag ws-risk-tag">
              {card.riskLevel}
            </Tag>
          )}
        </button>
        {canSend && (
          <Button size="small" icon={<SendOutlined />} loading={sending} onClick={() => void send()} data-testid={`send-card-${card.id}`}>
            {t('products.sendCard')}
          </Button>
        )}
      </div>
      <div className="ws-prow-sub ws-muted ws-small">{pick(card.summary, i18n.language)}</div>
      {open && <CardDetails card={card} />}
    </div>
  );
}

export function CardDetails({ card }: { card: Card }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="ws-prow-body ws-small">
      <div className="ws-card-section-title">{t('products.conditions')}</div>
      <ul className="ws-card-list">
        {card.conditions.map((c) => (
          <li key={c.zh}>{pick(c, i18n.language)}</li>
        ))}
      </ul>
      <div className="ws-card-section-title">{t('products.steps')}</div>
      <ol className="ws-card-list">
        {card.steps.map((s) => (
          <li key={s.zh}>{pick(s, i18n.language)}</li>
        ))}
      </ol>
      <div className="ws-muted">
        {t('products.entry')}: {pick(card.entry.label, i18n.language)}
      </div>
    </div>
  );
}
