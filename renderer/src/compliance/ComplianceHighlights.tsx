/**
 * Highlights compliance hits in place: a mirror of the draft sits behind the (transparent) textarea with the same box,
 * font and wrapping, and marks the hit spans. The mirror copies the textarea's computed metrics whenever its size or
 * the font scale changes, and follows its scrolling, so marks stay under their words at any font scale and wrap.
 *
 * Nothing here reads layout on a keystroke: metrics are read in the ResizeObserver callback (after layout; a
 * scrollbar appearing shrinks the content box and fires it too) and the scroll position in the scroll event.
 */
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import type { ComplianceHit } from '../../../shared/compliance';
import { useApp } from '../store/context';
import { segmentText } from './segments';
import './compliance.css';

/** Properties that decide where each character lands. */
const MIRRORED = [
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'fontVariantLigatures',
  'lineHeight',
  'letterSpacing',
  'wordSpacing',
  'textIndent',
  'textTransform',
  'tabSize',
  'whiteSpace',
  'wordBreak',
  'overflowWrap',
  'direction',
  'paddingTop',
  'paddingLeft',
  'paddingBottom',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderTopLeftRadius',
  'borderTopRightRadius',
  'borderBottomLeftRadius',
  'borderBottomRightRadius',
] as const;

interface Props {
  text: string;
  hits: readonly ComplianceHit[];
  textareaRef: RefObject<TextAreaRef | null>;
  children: ReactNode;
}

export function ComplianceHighlights({ text, hits, textareaRef, children }: Props) {
  const mirrorRef = useRef<HTMLDivElement>(null);
  /** Horizontal borders and right padding of the textarea, read when its metrics are copied (not per keystroke). */
  const boxRef = useRef({ borders: 0, paddingRight: 0 });
  const fontScale = useApp((s) => s.settings.fontScale);
  const marked = hits.length > 0;
  // Without hits the mirror stays empty: the common keystroke lays out one text, not two.
  const segments = useMemo(() => (marked ? segmentText(text, hits) : []), [marked, text, hits]);

  // Copy the textarea's metrics (on mount, on resize, on font scale) and follow its scroll position.
  useLayoutEffect(() => {
    const area = textareaRef.current?.resizableTextArea?.textArea;
    const mirror = mirrorRef.current;
    if (!area || !mirror) return;
    const copy = () => {
      const style = getComputedStyle(area);
      for (const p of MIRRORED) mirror.style[p] = style[p];
      boxRef.current = { borders: parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth), paddingRight: parseFloat(style.paddingRight) };
      alignScrollbar(area, mirror, boxRef.current);
    };
    // The observer's first callback comes after layout and before paint: no forced layout here.
    const resize = new ResizeObserver(copy);
    resize.observe(area);
    const scroll = () => {
      mirror.scrollTop = area.scrollTop;
      mirror.scrollLeft = area.scrollLeft;
    };
    area.addEventListener('scroll', scroll, { passive: true });
    return () => {
      resize.disconnect();
      area.removeEventListener('scroll', scroll);
    };
  }, [textareaRef, fontScale]);

  // Marks just appeared: the mirror's content is new, so it takes the textarea's scroll position once.
  useLayoutEffect(() => {
    const area = textareaRef.current?.resizableTextArea?.textArea;
    if (marked && area && mirrorRef.current) mirrorRef.current.scrollTop = area.scrollTop;
  }, [marked, textareaRef]);

  return (
    <div className={`ws-cmp-field${marked ? ' ws-cmp-field-marked' : ''}`}>
      <div ref={mirrorRef} className="ws-cmp-mirror" aria-hidden="true" data-testid="compliance-mirror">
        {segments.map((s) =>
          s.severity ? (
            <mark key={s.start} className={`ws-cmp-mark ws-cmp-mark-${s.severity}`} data-testid="compliance-mark" data-severity={s.severity} data-rules={s.ruleIds.join(' ')}>
              {s.text}
            </mark>
          ) : (
            <span key={s.start}>{s.text}</span>
          ),
        )}
        {/* A trailing newline makes a last empty line in a textarea but not in a div. */}
        {marked && text.endsWith('\n') ? '\u200b' : null}
      </div>
      {children}
    </div>
  );
}

/** A vertical scrollbar narrows the textarea's text column; the mirror keeps the same column with extra padding. */
function alignScrollbar(area: HTMLTextAreaElement, mirror: HTMLDivElement, box: { borders: number; paddingRight: number }) {
  const scrollbar = Math.max(0, area.offsetWidth - area.clientWidth - box.borders);
  const padding = `${box.paddingRight + scrollbar}px`;
  if (mirror.style.paddingRight !== padding) mirror.style.paddingRight = padding;
}
