/** A titled card of the lead's dashboard and team board; with `titleId` the title also names the section for screen readers. */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  titleId?: string;
  /** Beside the title, on the right (an average, when the figures were taken). */
  extra?: ReactNode;
  /** Spans the whole row of a card grid. */
  wide?: boolean;
  children: ReactNode;
}

export function LeadCard({ title, titleId, extra, wide, children }: Props) {
  return (
    <section className={`ws-lead-card${wide ? ' ws-lead-card-wide' : ''}`} aria-labelledby={titleId}>
      <div className="ws-lead-card-head">
        <Typography.Text strong id={titleId}>
          {title}
        </Typography.Text>
        {extra}
      </div>
      {children}
    </section>
  );
}
