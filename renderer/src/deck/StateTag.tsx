/** A ticket's state as a small filled tag (session lists, the lead's live list and team board). */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { stateColor, stateLabel } from './labels';

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColor(state)} variant="filled" className="ws-tag">
      {stateLabel(t, state)}
    </Tag>
  );
}
