/** Small presentation helpers shared by the QA views: bilingual names, reason chips, verdict and appeal tags. */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppealStatus, SampleReason } from '../../../shared/qa';

export const pickName = (name: { zh: string; en: string }, locale: string): string => (locale === 'en' ? name.en : name.zh);

const REASON_COLORS: Record<SampleReason, string> = {
  compliance_block: 'red',
  compliance_override: 'volcano',
  suitability_confirm: 'gold',
  complaint_words: 'magenta',
  low_csat: 'orange',
  random: 'default',
};

export function ReasonChip({ reason, count, words }: { reason: string; count?: number; words?: string[] }) {
  const { t } = useTranslation();
  const chip = (
    <Tag color={REASON_COLORS[reason as SampleReason] ?? 'default'} className="ws-tag" data-testid={`reason-${reason}`}>
      {t(`qa.reasons.${reason}`, { defaultValue: reason })}
      {count !== undefined && <span className="ws-qa-chip-count">{count}</span>}
    </Tag>
  );
  return words && words.length > 0 ? <Tooltip title={t('qa.sample.complaintWords', { words: words.join('、') })}>{chip}</Tooltip> : chip;
}

export function ReasonChips({ reasons, words }: { reasons: readonly string[]; words?: string[] }) {
  return (
    <span className="ws-qa-chips">
      {reasons.map((r) => (
        <ReasonChip key={r} reason={r} words={r === 'complaint_words' ? words : undefined} />
      ))}
    </span>
  );
}

export function VerdictTag({ passed, testId }: { passed: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={passed ? 'success' : 'error'} className="ws-tag" data-testid={testId} data-passed={passed}>
      {passed ? t('qa.verdict.pass') : t('qa.verdict.fail')}
    </Tag>
  );
}

const APPEAL_COLORS: Record<AppealStatus, string> = { published: 'blue', appealed: 'orange', upheld: 'default', overturned: 'green' };

export function AppealTag({ status }: { status: AppealStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={APPEAL_COLORS[status]} className="ws-tag" data-testid="appeal-status" data-status={status}>
      {t(`qa.appeal.status.${status}`)}
    </Tag>
  );
}

/** Score with one decimal, as the hub rounds it. */
export const formatScore = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
export const formatPercent = (share: number): string => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

const stampFormats = new Map<string, Intl.DateTimeFormat>();
/** Date and time to the minute in the viewer's time zone, e.g. "2025/03/03 09:15". */
export function formatStamp(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = stampFormats.get(locale);
  if (!format) stampFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })));
  return format.format(date);
}
