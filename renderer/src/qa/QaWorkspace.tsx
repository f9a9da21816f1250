/**
 * The QA reviewer's workspace: 抽样 (draw a reproducible sample), 质检 (the queue: sampled sessions to score, or
 * head office's blind spot checks), 回放 (replay with timeline and scorecard), 分歧 (head office vs branch) and
 * 报表 (scores, pass rates, most-failed items, reviewer agreement). Reviewers read and score; they never write to a
 * conversation.
 */
import { Alert, Button, Spin, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useStore } from '../store/context';
import { DisagreementsPanel } from './DisagreementsPanel';
import { QaHeader } from './QaHeader';
import { QueuePanel } from './QueuePanel';
import { ReplayPanel } from './ReplayPanel';
import { ReportPanel } from './ReportPanel';
import { SamplePanel } from './SamplePanel';
import { useLoad } from './useLoad';
import './qa.css';

type TabKey = 'sample' | 'queue' | 'replay' | 'disagreements' | 'report';
const TABS: readonly TabKey[] = ['sample', 'queue', 'replay', 'disagreements', 'report'];

export function QaWorkspace() {
  const { api } = useStore();
  const { t } = useTranslation();
  const headOffice = useApp((s) => s.user?.role === 'qa' && s.user.branchId === null);
  const online = useApp((s) => s.connection.state === 'online');
  const setup = useLoad(() => (online ? api.qaPlans({}) : null), [api, online]);
  const [tab, setTab] = useState<TabKey>(headOffice ? 'queue' : 'sample');
  // Panels mount on first visit and then stay (hidden), so a drawn sample or a half-filled card survives a tab switch.
  const [visited, setVisited] = useState<ReadonlySet<TabKey>>(() => new Set([tab]));
  const [replayId, setReplayId] = useState<string | null>(null);
  const [reviews, setReviews] = useState(0);

  const show = useCallback((key: TabKey) => {
    setTab(key);
    setVisited((prev) => (prev.has(key) ? prev : new Set([...prev, key])));
  }, []);
  const openReplay = useCallback(
    (sessionId: string) => {
      setReplayId(sessionId);
      show('replay');
    },
    [show],
  );

  const plans = setup.value;
  let body;
  if (!plans) {
    body =
      setup.state.status === 'error' ? (
        <Alert type="error" showIcon title={t('qa.loadFailed')} description={setup.state.error.message} action={<Button onClick={setup.reload}>{t('qa.retry')}</Button>} />
      ) : (
        <Spin className="ws-qa-empty" />
      );
  } else {
    const panel = (key: TabKey) => {
      const active = tab === key;
      switch (key) {
        case 'sample':
          return <SamplePanel plans={plans.plans} onOpen={openReplay} />;
        case 'queue':
          return <QueuePanel headOffice={headOffice} onOpen={openReplay} refreshKey={reviews} active={active} />;
        case 'replay':
          return (
            <ReplayPanel
              conversationId={replayId}
              scorecards={plans.scorecards}
              mode={{ kind: 'review', level: headOffice ? 'head_office' : 'branch', onReviewed: () => setReviews((n) => n + 1) }}
            />
          );
        case 'disagreements':
          return <DisagreementsPanel policy={plans.review} onOpen={openReplay} active={active} refreshKey={reviews} />;
        case 'report':
          return <ReportPanel active={active} refreshKey={reviews} />;
      }
    };
    body = TABS.filter((k) => visited.has(k)).map((k) => (
      <div key={k} className="ws-qa-tabpane" hidden={tab !== k} data-testid={`qa-pane-${k}`}>
        {panel(k)}
      </div>
    ));
  }

  return (
    <div className="ws-qa" data-testid="qa-workspace" data-level={headOffice ? 'head_office' : 'branch'}>
      <QaHeader />
      <Tabs
        className="ws-qa-tabs"
        activeKey={tab}
        onChange={(k) => show(k as TabKey)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`qa-tab-${k}`}>{t(`qa.tabs.${k}${k === 'queue' && headOffice ? 'HeadOffice' : ''}`)}</span> }))}
      />
      <main className="ws-qa-body">{body}</main>
    </div>
  );
}
