/**
 * The quick-phrase panel: filtered by the `/keyword` typed in the composer or by its own search box, navigated with
 * ↑/↓, inserted with Enter or a click, closed with Esc.
 */
import { Empty, Input, Tag } from 'antd';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/ipc/contract';
import { fillPhrase, phrasesFor, searchPhrases, type PhraseVariables, type QuickPhrase } from './quickPhrases';

export interface PickerHandle {
  /** Handles navigation keys typed in the composer while the panel is open; true when the key was used. */
  handleKey(e: React.KeyboardEvent): boolean;
}

interface Props {
  ref?: Ref<PickerHandle>;
  locale: Locale;
  variables: PhraseVariables;
  /** Query from the composer (`/keyword`); when null the panel shows its own search box. */
  slashQuery: string | null;
  onPick(text: string): void;
  onClose(): void;
}

export function QuickPhrasePicker({ ref, locale, variables, slashQuery, onPick, onClose }: Props) {
  const { t } = useTranslation();
  const [ownQuery, setOwnQuery] = useState('');
  const query = slashQuery ?? ownQuery;
  const results = useMemo(() => searchPhrases(phrasesFor(locale), query), [locale, query]);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => setActive(0), [query, locale]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const pick = (p: QuickPhrase | undefined) => {
    if (p) onPick(fillPhrase(p.text, variables));
  };

  const handleKey = (e: React.KeyboardEvent): boolean => {
    if (e.nativeEvent.isComposing) return false;
    switch (e.key) {
      case 'ArrowDown':
        setActive((i) => (results.length ? (i + 1) % results.length : 0));
        return true;
      case 'ArrowUp':
        setActive((i) => (results.length ? (i - 1 + results.length) % results.length : 0));
        return true;
      case 'Enter':
      case 'Tab':
        if (results.length === 0) return false;
        pick(results[active]);
        return true;
      case 'Escape':
        onClose();
        return true;
      default:
        return false;
    }
  };
  useImperativeHandle(ref, () => ({ handleKey }));

  return (
    <div className="ws-phrases" data-testid="quick-phrase-panel" role="dialog" aria-label={t('phrases.title')}>
      <div className="ws-phrases-head">
        <strong>{t('phrases.title')}</strong>
        {slashQuery === null ? (
          <Input
            size="small"
            autoFocus
            allowClear
            value={ownQuery}
            placeholder={t('phrases.search')}
            data-testid="quick-phrase-search"
            onChange={(e) => setOwnQuery(e.target.value)}
            onKeyDown={(e) => {
              if (handleKey(e)) e.preventDefault();
            }}
          />
        ) : (
          <span className="ws-muted ws-small">{slashQuery ? t('phrases.filter', { query: slashQuery }) : t('phrases.typeToFilter')}</span>
        )}
      </div>
      <div className="ws-phrases-list" ref={listRef} role="listbox">
        {results.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('phrases.none')} />
        ) : (
          results.map((p, i) => (
            <div
              key={p.id}
              role="option"
              aria-selected={i === active}
              data-index={i}
              data-testid={`quick-phrase-${p.id}`}
              className={`ws-phrase${i === active ? ' ws-phrase-active' : ''}`}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault() /* keep focus in the composer */}
              onClick={() => pick(p)}
            >
              <div className="ws-phrase-title">
                <Tag className="ws-tag">{p.category}</Tag>
                {p.title}
              </div>
              <div className="ws-phrase-text">{fillPhrase(p.text, variables)}</div>
            </div>
          ))
        )}
      </div>
      <div className="ws-phrases-foot ws-muted ws-small">{t('phrases.keys')}</div>
    </div>
  );
}
