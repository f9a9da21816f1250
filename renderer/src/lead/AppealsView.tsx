/**
 * 申诉处理: QA results the branch's agents appealed. For each, the reviewer's score (and failed critical items and
 * notes) beside the agent's reason; the lead upholds the result or overturns it with a new score, with notes either
 * way. Decided cases stay listed with the outcome.
 */
import { App as AntApp, Button, Empty, Input, InputNumber, Radio, Segmented, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX } from '../deck/conversation/NoteDialog';
import { formatClock } from '../deck/format';
import { useApp, useStore } from '../store/context';
import { FormDialog } from '../ui/FormDialog';
import { appealDecision, appealReason, originalScore, sortAppeals } from './appeals';
import { useAppeals, useLeadFailure, type AppealItem } from './useLeadData';

type Filter = 'pending' | 'all';
const STATUS_COLOR: Record<string, string> = { appealed: 'orange', upheld: 'default', overturned: 'green', published: 'default' };

function ScoreText({ score }: { score: { total: number; passed: boolean } }) {
  const { t } = useTranslation();
  return (
    <span className="ws-nowrap">
      <strong>{score.total}</strong> <Tag color={score.passed ? 'green' : 'red'} className="ws-tag">{score.passed ? t('lead.appeals.passed') : t('lead.appeals.failed')}</Tag>
    </span>
  );
}

export function AppealsView() {
  const { t, i18n } = useTranslation();
  const { appeals, reload } = useAppeals();
  const directory = useApp((s) => s.directory);
  const [filter, setFilter] = useState<Filter>('pending');
  const [deciding, setDeciding] = useState<AppealItem | null>(null);
  const sorted = useMemo(() => sortAppeals(appeals ?? []), [appeals]);
  const shown = filter === 'pending' ? sorted.filter((c) => c.status === 'appealed') : sorted;
  const pending = sorted.filter((c) => c.status === 'appealed').length;
  const agentName = (id: string) => directory?.agents.find((a) => a.id === id)?.displayName ?? id;

  return (
    <div className="ws-lead-scroll" data-testid="appeals">
      <div className="ws-lead-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'pending', label: t('lead.appeals.pending', { count: pending }) },
            { value: 'all', label: t('lead.appeals.all', { count: sorted.length }) },
          ]}
          aria-label={t('lead.appeals.filter')}
        />
      </div>
      {!appeals ? (
        <div className="ws-center ws-lead-pad">
          <Spin />
        </div>
      ) : shown.length === 0 ? (
        <Empty className="ws-lead-pad" description={filter === 'pending' ? t('lead.appeals.nonePending') : t('lead.appeals.none')} />
      ) : (
        <section className="ws-lead-card">
          <table className="ws-lead-table" data-testid="appeal-table">
            <thead>
              <tr>
                <th scope="col">{t('lead.appeals.session')}</th>
                <th scope="col">{t('lead.appeals.reviewScore')}</th>
                <th scope="col">{t('lead.appeals.reason')}</th>
                <th scope="col">{t('lead.appeals.status')}</th>
                <th scope="col" aria-label={t('lead.appeals.action')} />
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const appeal = appealReason(c);
                const decision = appealDecision(c);
                const first = originalScore(c);
                return (
                  <tr key={c.sessionId} data-testid={`appeal-${c.sessionId}`} data-status={c.status}>
                    <th scope="row">
                      <div className="ws-lead-agent-name">{agentName(c.agentId)}</div>
                      <div className="ws-muted ws-small">{c.sessionId}</div>
                    </th>
                    <td>
                      <ScoreText score={first} />
                      {c.review && (
                        <div className="ws-muted ws-small">
                          {t('lead.appeals.reviewer', { name: c.review.reviewerId })}
                          {c.review.result.failedCritical.length > 0 && ` · ${t('lead.appeals.critical', { count: c.review.result.failedCritical.length })}`}
                        </div>
                      )}
                    </td>
                    <td className="ws-lead-text-cell">
                      {appeal ? <span>{appeal.reason}</span> : <span className="ws-muted">—</span>}
                      {appeal && <div className="ws-muted ws-small">{formatClock(appeal.at, i18n.language)}</div>}
                    </td>
                    <td>
                      <Tag color={STATUS_COLOR[c.status] ?? 'default'} className="ws-tag">
                        {t(`lead.appeals.statuses.${c.status}`, { defaultValue: c.status })}
                      </Tag>
                      {decision?.newScore && (
                        <div className="ws-small">
                          {t('lead.appeals.newScore')} <ScoreText score={decision.newScore} />
                        </div>
                      )}
                      {decision && <div className="ws-muted ws-small ws-lead-text-cell">{decision.notes}</div>}
                    </td>
                    <td className="ws-nowrap">
                      {c.status === 'appealed' && (
                        <Button size="small" type="primary" onClick={() => setDeciding(c)} data-testid={`appeal-decide-${c.sessionId}`}>
                          {t('lead.appeals.decide')}
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      {deciding && <DecideDialog item={deciding} agentName={agentName(deciding.agentId)} onClose={() => setDeciding(null)} onDecided={() => void reload()} />}
    </div>
  );
}

function DecideDialog({ item, agentName, onClose, onDecided }: { item: AppealItem; agentName: string; onClose(): void; onDecided(): void }) {
  const { t } = useTranslation();
  const store = useStore();
  const fail = useLeadFailure();
  const { message } = AntApp.useApp();
  const [decision, setDecision] = useState<'uphold' | 'overturn'>('uphold');
  const [total, setTotal] = useState<number | null>(item.score.total);
  const [passed, setPassed] = useState(item.score.passed);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const appeal = appealReason(item);
  const review = item.review;
  const valid = notes.trim().length > 0 && (decision === 'uphold' || (total !== null && total >= 0 && total <= 100));

  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    const result = await store.api.qaDecide({
      conversationId: item.sessionId,
      decision,
      notes: notes.trim(),
      ...(decision === 'overturn' && total !== null ? { newScore: { total, passed } } : {}),
    });
    setBusy(false);
    if (!fail(result, 'decide')) return;
    void message.success(decision === 'uphold' ? t('lead.appeals.upheldDone') : t('lead.appeals.overturnedDone'));
    onDecided();
    onClose();
  };

  return (
    <FormDialog
      title={t('lead.appeals.title', { name: agentName })}
      okText={decision === 'uphold' ? t('lead.appeals.uphold') : t('lead.appeals.overturn')}
      testId="decide-dialog"
      okTestId="decide-ok"
      canSubmit={valid}
      busy={busy}
      onSubmit={() => void submit()}
      onCancel={onClose}
    >
      <dl className="ws-lead-facts">
        <dt>{t('lead.appeals.reviewScore')}</dt>
        <dd>
          <ScoreText score={originalScore(item)} />
          {review && <span className="ws-muted ws-small"> · {t('lead.appeals.reviewer', { name: review.reviewerId })}</span>}
        </dd>
        {review && review.result.failedCritical.length > 0 && (
          <>
            <dt>{t('lead.appeals.criticalItems')}</dt>
            <dd>{review.result.failedCritical.join(', ')}</dd>
          </>
        )}
        {review?.notes && (
          <>
            <dt>{t('lead.appeals.reviewNotes')}</dt>
            <dd className="ws-lead-text-cell">{review.notes}</dd>
          </>
        )}
        <dt>{t('lead.appeals.reason')}</dt>
        <dd className="ws-lead-text-cell">{appeal?.reason ?? '—'}</dd>
      </dl>
      <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'uphold' | 'overturn')} optionType="button" buttonStyle="solid">
        <Radio.Button value="uphold">
          <span data-testid="decide-uphold">{t('lead.appeals.uphold')}</span>
        </Radio.Button>
        <Radio.Button value="overturn">
          <span data-testid="decide-overturn">{t('lead.appeals.overturn')}</span>
        </Radio.Button>
      </Radio.Group>
      {decision === 'overturn' && (
        <div className="ws-lead-score-row">
          <label className="ws-field">
            <span className="ws-field-label">{t('lead.appeals.newScore')}</span>
            <InputNumber min={0} max={100} step={0.5} value={total} onChange={(v) => setTotal(typeof v === 'number' ? v : null)} data-testid="decide-score" />
          </label>
          <div className="ws-field">
            <span className="ws-field-label">{t('lead.appeals.passedLabel')}</span>
            <Radio.Group value={passed} onChange={(e) => setPassed(e.target.value as boolean)} optionType="button" aria-label={t('lead.appeals.passedLabel')}>
              <Radio.Button value={true}>
                <span data-testid="decide-pass">{t('lead.appeals.passed')}</span>
              </Radio.Button>
              <Radio.Button value={false}>
                <span data-testid="decide-fail">{t('lead.appeals.failed')}</span>
              </Radio.Button>
            </Radio.Group>
          </div>
        </div>
      )}
      <label className="ws-field">
        <span className="ws-field-label">{t('lead.appeals.notes')}</span>
        <Input.TextArea
          value={notes}
          maxLength={NOTE_MAX}
          showCount
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={t('lead.appeals.notesPlaceholder')}
          onChange={(e) => setNotes(e.target.value)}
          data-testid="decide-notes"
        />
      </label>
      <Typography.Text type="secondary" className="ws-small">
        {t('lead.appeals.finalHint')}
      </Typography.Text>
    </FormDialog>
  );
}
