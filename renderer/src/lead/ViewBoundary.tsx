/**
 * Keeps a failure in one tab inside that tab: the lead sees what failed and can retry, while the header, the other
 * tabs and the deck keep working (an uncaught render error would otherwise blank the whole window).
 */
import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

export class ViewBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error('lead view failed', error);
  }

  override render() {
    return this.state.error ? <ViewFailed error={this.state.error} onRetry={() => this.setState({ error: null })} /> : this.props.children;
  }
}

function ViewFailed({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('lead.errors.view')}
      subTitle={error.message}
      extra={
        <Button type="primary" onClick={onRetry} data-testid="lead-view-retry">
          {t('common.retry')}
        </Button>
      }
      data-testid="lead-view-failed"
    />
  );
}
