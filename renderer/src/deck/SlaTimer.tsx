import { ClockCircleOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCountdown, type SlaInfo } from './urgency';

export function SlaTimer({ sla }: { sla: SlaInfo }) {
  const { t } = useTranslation();
  if (sla.level === 'none' || sla.remainingMs === null || sla.dueAt === null || sla.kind === null) return null;
  const kind = sla.kind;
  const overdue = sla.remainingMs < 0;
  return (
    <Tooltip title={t(overdue ? `sla.overdue.${kind}` : `sla.due.${kind}`, { time: new Date(sla.dueAt).toLocaleTimeString() })}>
      <span className={`ws-sla ws-sla-${sla.level}`} data-testid="sla-timer" data-level={sla.level}>
        <ClockCircleOutlined /> {formatCountdown(sla.remainingMs)}
      </span>
    </Tooltip>
  );
}
