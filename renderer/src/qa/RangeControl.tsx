/** Period chooser shared by the QA tabs: today, this week, or whole days picked on a calendar (centre's local time). */
import { DatePicker, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayRange, localDay, presetRange, type IsoRange, type RangePreset } from './period';

export interface RangeChoice {
  preset: RangePreset;
  /** First and last day ("YYYY-MM-DD") when preset is custom. */
  days: [string, string] | null;
}

/** The chosen range, recomputed when the day changes (so "today" left open overnight moves on). */
export function useRange(initial: RangePreset): { choice: RangeChoice; setChoice(c: RangeChoice): void; range: IsoRange | null } {
  const [choice, setChoice] = useState<RangeChoice>({ preset: initial, days: null });
  const today = localDay(new Date());
  const range = useMemo(() => {
    if (choice.preset === 'custom') return choice.days ? dayRange(choice.days[0], choice.days[1]) : null;
    return presetRange(choice.preset, new Date());
    // `today` is a dependency on purpose: the preset's range changes at midnight.
  }, [choice, today]);
  return { choice, setChoice, range };
}

export function RangeControl({ choice, onChange, testId }: { choice: RangeChoice; onChange(c: RangeChoice): void; testId: string }) {
  const { t } = useTranslation();
  const value: [Dayjs, Dayjs] | null = choice.days ? [dayjs(choice.days[0]), dayjs(choice.days[1])] : null;
  return (
    <span className="ws-qa-range" data-testid={testId}>
      <Segmented<RangePreset>
        value={choice.preset}
        onChange={(preset) => onChange({ preset, days: preset === 'custom' ? choice.days : null })}
        options={[
          { value: 'today', label: t('qa.range.today') },
          { value: 'week', label: t('qa.range.week') },
          { value: 'custom', label: t('qa.range.custom') },
        ]}
      />
      {choice.preset === 'custom' && (
        <DatePicker.RangePicker
          value={value}
          allowClear={false}
          onChange={(dates) => {
            if (dates?.[0] && dates[1]) onChange({ preset: 'custom', days: [dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')] });
          }}
          aria-label={t('qa.range.custom')}
        />
      )}
    </span>
  );
}
