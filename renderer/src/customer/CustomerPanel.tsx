/**
 * Side panel tab 客户 / Customer: the focused conversation's customer, masked by default. Identity fields can be
 * revealed one at a time with a reason (logged by the hub; QA reviewers never see the action) and mask themselves
 * again when the hub's grant runs out. Risk grade and assessment state, investor flags, asset band, style tags,
 * holdings, opportunities with their actions, and the service history. Follows the hub's profile updates live.
 */
import { EyeInvisibleOutlined, EyeOutlined, ReloadOutlined, SendOutlined, UserOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, App, Button, Empty, Skeleton, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView, CustomerCardView } from '../../../shared/ipc/contract';
import type { Opportunity } from '../../../shared/opportunity/derive';
import type { RevealableField, User } from '../../../shared/protocol/hub';
import { pick } from '../compliance/bilingual';
import { riskColor } from '../products/labels';
import { ProductCheck } from '../products/ProductCheck';
import { canSendTo } from '../products/ProductsPanel';
import { useCatalog } from '../products/useCatalog';
import { useStore } from '../store/context';
import { secondsLeft } from './reveal';
import { RevealDialog } from './RevealDialog';
import { useCustomerCard } from './useCustomerCard';
import { useReveals } from './useReveals';
import './customer.css';

/** Visitors (V-…) chat without an account: there is no profile to show. */
export const isVisitor = (customerId: string) => customerId.startsWith('V-');

export function CustomerPanel({ conversation, user }: { conversation: ConversationView | null; user: User }) {
  const { t } = useTranslation();
  if (!conversation) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('side.noConversation')} className="ws-side-empty" />;
  if (isVisitor(conversation.customerId)) {
    return (
      <div className="ws-side-tab" data-testid="customer-panel" data-state="visitor">
        <Empty image={<UserOutlined className="ws-cust-visitor-icon" />} description={t('customer.visitor')} className="ws-side-empty" />
      </div>
    );
  }
  // Keyed by customer: a new customer starts with everything masked and nothing expanded.
  return <CustomerProfileView key={conversation.customerId} conversation={conversation} user={user} />;
}

function CustomerProfileView({ conversation, user }: { conversation: ConversationView; user: User }) {
  const { t } = useTranslation();
  const { state, reload } = useCustomerCard(conversation.customerId);
  if (state.status === 'loading') return <Skeleton active paragraph={{ rows: 8 }} data-testid="customer-loading" />;
  if (state.status === 'missing') {
    return (
      <div className="ws-side-tab" data-testid="customer-panel" data-state="missing">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer.missing')} className="ws-side-empty" />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="ws-side-tab" data-testid="customer-panel" data-state="error">
        <Alert
          type="error"
          showIcon
          title={state.error.message}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  return <ProfileCard card={state.card} conversation={conversation} user={user} />;
}

const REVEAL_ORDER: { field: RevealableField; masked: (p: CustomerCardView['profile']) => string | undefined }[] = [
  { field: 'name', masked: (p) => p.maskedName },
  { field: 'phone', masked: (p) => p.maskedPhone },
  { field: 'idNumber', masked: (p) => p.maskedIdNumber },
  { field: 'fundAccount', masked: (p) => p.maskedFundAccount },
  { field: 'bankCard', masked: (p) => p.maskedBankCard },
];

function ProfileCard({ card, conversation, user }: { card: CustomerCardView; conversation: ConversationView; user: User }) {
  const { t, i18n } = useTranslation();
  const p = card.profile;
  const { reveals, now, reveal, hide } = useReveals(p.id);
  const [asking, setAsking] = useState<RevealableField | null>(null);
  const mayReveal = user.role !== 'qa';
  const lang = i18n.language;

  return (
    <div className="ws-side-tab ws-cust" data-testid="customer-panel" data-state="ready" data-customer-id={p.id}>
      <div className="ws-cust-head">
        <span className="ws-cust-name" data-testid="customer-name">
          {reveals.name ? reveals.name.value : p.maskedName}
        </span>
        <span className="ws-muted ws-small">{p.id}</span>
        <span className="ws-cust-flags">
          <Tooltip title={t('customer.riskGradeTip')}>
            <Tag color={riskColor(p.riskGrade)} className="ws-tag" data-testid="customer-risk-grade" data-grade={p.riskGrade}>
              {p.riskGrade} {t(`customer.grades.${p.riskGrade}`)}
            </Tag>
          </Tooltip>
          {p.isElderly && (
            <Tag color="purple" className="ws-tag" data-testid="customer-elderly">
              {t('customer.elderly', { age: p.age })}
            </Tag>
          )}
          {p.isLowestRiskTolerance && (
            <Tag color="red" className="ws-tag" data-testid="customer-lowest-risk">
              {t('customer.lowestRisk')}
            </Tag>
          )}
        </span>
      </div>

      {card.assessmentExpired && (
        <Alert
          type="warning"
          showIcon
          icon={<WarningFilled />}
          className="ws-cust-alert"
          data-testid="customer-assessment-expired"
          title={t('customer.assessmentExpired', { date: p.riskAssessedAt })}
        />
      )}

      <section className="ws-cust-section" aria-label={t('customer.identity')}>
        <div className="ws-cust-section-title">{t('customer.identity')}</div>
        <dl className="ws-cust-grid">
          {REVEAL_ORDER.map(({ field, masked }) => {
            const maskedValue = masked(p);
            if (maskedValue === undefined) return null;
            const shown = reveals[field];
            const left = shown ? secondsLeft(shown, now) : 0;
            return (
              <div key={field} className="ws-cust-row" data-testid={`customer-field-${field}`} data-revealed={shown ? 'true' : 'false'}>
                <dt>{t(`customer.fields.${field}`)}</dt>
                <dd>
                  <span className={`ws-cust-value${shown ? ' ws-cust-value-revealed' : ''}`} data-testid={`customer-value-${field}`}>
                    {shown ? shown.value : maskedValue}
                  </span>
                  {shown && (
                    <>
                      <span className="ws-cust-countdown ws-small" data-testid={`reveal-countdown-${field}`} data-seconds={left} aria-label={t('customer.masksIn', { seconds: left })}>
                        {t('customer.secondsLeft', { seconds: left })}
                      </span>
                      <Tooltip title={t('customer.hide')}>
                        <Button type="text" size="small" icon={<EyeInvisibleOutlined />} aria-label={t('customer.hide')} onClick={() => hide(field)} />
                      </Tooltip>
                    </>
                  )}
                  {!shown && mayReveal && (
                    <Tooltip title={t('customer.reveal')}>
                      <Button type="text" size="small" icon={<EyeOutlined />} aria-label={t('customer.revealField', { field: t(`customer.fields.${field}`) })} onClick={() => setAsking(field)} data-testid={`reveal-${field}`} />
                    </Tooltip>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>

      <section className="ws-cust-section" aria-label={t('customer.profile')}>
        <div className="ws-cust-section-title">{t('customer.profile')}</div>
        <dl className="ws-cust-grid">
          <Row label={t('customer.investorType')}>{t(`customer.investorTypes.${p.investorType}`)}</Row>
          <Row label={t('customer.assessedAt')}>
            <span className={card.assessmentExpired ? 'ws-cust-expired' : undefined}>{p.riskAssessedAt}</span>
          </Row>
          {p.age !== undefined && <Row label={t('customer.age')}>{p.age}</Row>}
          <Row label={t('customer.assets')} testId="customer-asset-tier">
            {p.assetTier}
          </Row>
          <Row label={t('customer.tradingYears')}>{t('customer.years', { count: p.tradingYears })}</Row>
          <Row label={t('customer.language')}>{t(`customer.languages.${p.preferredLanguage}`)}</Row>
          {p.openedBusinesses.length > 0 && (
            <Row label={t('customer.opened')}>{p.openedBusinesses.map((b) => t(`customer.businesses.${b}`)).join('、')}</Row>
          )}
        </dl>
        {p.styleTags.length > 0 && (
          <div className="ws-cust-tags" data-testid="customer-style-tags">
            {p.styleTags.map((s) => (
              <Tag key={s} className="ws-tag">
                {s}
              </Tag>
            ))}
          </div>
        )}
      </section>

      {p.holdings.length > 0 && (
        <section className="ws-cust-section" aria-label={t('customer.holdings')}>
          <div className="ws-cust-section-title">{t('customer.holdings')}</div>
          <div className="ws-cust-holdings" data-testid="customer-holdings">
            {p.holdings.map((h, i) => (
              <div key={i} className="ws-cust-holding">
                <span>{t(`customer.assetClasses.${h.assetClass}`)}</span>
                <span className="ws-cust-band">{h.band}</span>
                <span className="ws-muted ws-small ws-ellipsis">
                  {h.productCode ?? ''}
                  {h.maturesAt ? ` · ${t('customer.matures', { date: h.maturesAt })}` : ''}
                </span>
              </div>
            ))}
          </div>
        </section>
      )}

      <Opportunities opportunities={card.opportunities} conversation={conversation} user={user} language={lang} />
      <History history={p.history} language={lang} />

      {asking && (
        <RevealDialog
          customerId={p.id}
          field={asking}
          onRevealed={(r) => {
            reveal(r.field, r.value, r.expiresInMs);
            setAsking(null);
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}

function Row({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="ws-cust-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Opportunities({ opportunities, conversation, user, language }: { opportunities: Opportunity[]; conversation: ConversationView; user: User; language: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const catalog = useCatalog();
  const canSend = canSendTo(user, conversation);
  const groups = [
    { kind: 'card' as const, title: t('customer.opportunityCards'), items: opportunities.filter((o) => o.action.kind === 'card') },
    { kind: 'product' as const, title: t('customer.opportunityProducts'), items: opportunities.filter((o) => o.action.kind === 'product') },
  ].filter((g) => g.items.length > 0);
  return (
    <section className="ws-cust-section" aria-label={t('customer.opportunities')} data-testid="customer-opportunities">
      <div className="ws-cust-section-title">{t('customer.opportunities')}</div>
      {groups.length === 0 && <div className="ws-muted ws-small">{t('customer.noOpportunities')}</div>}
      {groups.map((g) => (
        <div key={g.kind} className="ws-cust-oppgroup">
          <div className="ws-muted ws-small">{g.title}</div>
          {g.items.map((o) => {
            const key = `${o.ruleId}:${o.action.kind === 'card' ? o.action.cardId : o.action.productCode}`;
            const product = o.action.kind === 'product' && catalog.status === 'ready' ? catalog.catalog.productsByCode.get(o.action.productCode) : undefined;
            return (
              <div key={key} className="ws-cust-opp" data-testid={`opportunity-${o.ruleId}`}>
                <div className="ws-cust-opp-line">
                  <Tooltip title={pick(o.reason, language)}>
                    <span className="ws-cust-opp-title">{pick(o.title, language)}</span>
                  </Tooltip>
                  {o.suitability && o.suitability.decision === 'confirm' && (
                    <Tag color="warning" className="ws-tag">
                      {t('products.decision.confirm')}
                    </Tag>
                  )}
                  {o.action.kind === 'card' ? (
                    canSend && <SendCardButton conversationId={conversation.id} cardId={o.action.cardId} />
                  ) : (
                    <Button size="small" type={open === key ? 'primary' : 'default'} onClick={() => setOpen((k) => (k === key ? null : key))} data-testid="opportunity-open-product">
                      {o.action.productCode}
                    </Button>
                  )}
                </div>
                <div className="ws-muted ws-small">{pick(o.reason, language)}</div>
                {open === key && product && <ProductCheck conversationId={conversation.id} customerId={conversation.customerId} product={product} canPush={canSend} />}
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
}

function SendCardButton({ conversationId, cardId }: { conversationId: string; cardId: string }) {
  const { t } = useTranslation();
  const store = useStore();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    const res = await store.api.sendCard({ conversationId, cardId });
    setSending(false);
    if (!res.ok) return store.report(res.error, 'send');
    store.applyMessages(conversationId, [res.value]);
    void message.success(t('customer.cardSent'));
  };
  return (
    <Button size="small" icon={<SendOutlined />} loading={sending} onClick={() => void send()} data-testid={`opportunity-send-card-${cardId}`}>
      {t('customer.sendCard')}
    </Button>
  );
}

function History({ history, language }: { history: CustomerCardView['profile']['history']; language: string }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const sorted = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="ws-cust-section" aria-label={t('customer.history')} data-testid="customer-history">
      <button type="button" className="ws-cust-section-title ws-cust-toggle" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)} data-testid="customer-history-toggle">
        {t('customer.historyCount', { count: history.length })}
        <span className="ws-muted ws-small">{expanded ? t('customer.collapse') : t('customer.expand')}</span>
      </button>
      {expanded &&
        sorted.map((c) => (
          <div key={c.at} className="ws-cust-contact" data-testid="customer-contact">
            <div className="ws-cust-contact-line ws-small">
              <span>{formatContactTime(c.at, language)}</span>
              <span className="ws-muted">{t(`customer.channels.${c.channel}`)}</span>
              <Tag className="ws-tag" color={c.outcome === 'resolved' ? 'success' : c.outcome === 'escalated' ? 'error' : c.outcome === 'abandoned' ? 'default' : 'processing'}>
                {t(`customer.outcomes.${c.outcome}`)}
              </Tag>
              {c.csat !== null && (
                <span className="ws-cust-csat" aria-label={t('customer.csat', { score: c.csat })}>
                  {'★'.repeat(c.csat)}
                  <span className="ws-cust-csat-off">{'★'.repeat(5 - c.csat)}</span>
                </span>
              )}
            </div>
            <div className="ws-cust-contact-summary">{c.summary}</div>
          </div>
        ))}
    </section>
  );
}

const contactFormats = new Map<string, Intl.DateTimeFormat>();
/** A compact date and time (2026/04/23 16:43) in the interface language. */
function formatContactTime(iso: string, language: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = contactFormats.get(language);
  if (!f) contactFormats.set(language, (f = new Intl.DateTimeFormat(language, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })));
  return f.format(d);
}
