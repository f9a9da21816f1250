/**
 * The composer: multi-line input, Enter/Ctrl+Enter to send per the agent's setting, a draft per conversation that is
 * never lost, the typing signal, quick phrases (`/` or the button), and the addons other features register
 * (`composerAddons.ts`: panels above the input, checks before sending).
 *
 * Typing must feel like a bare textarea: the text lives in this component's state only (the deck never re-renders on
 * a keystroke), props are plain strings, and the draft is saved after a pause, outside the render.
 *
 * One composer serves every conversation: switching swaps its state (the draft comes from memory) instead of
 * mounting a new one, which would cost the switch several forced layouts. Whatever belongs to the conversation being
 * left is settled on the way out: its draft is flushed, its typing signal stopped, a pending acknowledgement cancelled.
 */
import { MessageOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Input, Tooltip } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftStatus } from '../../store/drafts';
import { useApp, useStore } from '../../store/context';
import { deckEvents } from '../deckEvents';
import { checkBeforeSend, composerAddons, onComposerAddonsChanged, type ComposerAddonProps } from './composerAddons';
import { QuickPhrasePicker, type PickerHandle } from './QuickPhrasePicker';
import { customerTitle } from './quickPhrases';
import { TypingSignal } from './typingSignal';
import { ComplianceBar, ComplianceHighlights, useComplianceCheck } from '../../compliance';

type PickerState = { open: false } | { open: true; via: 'slash' | 'button' };

/** `/keyword` at the start of a single-line composer opens the quick phrases filtered by keyword. */
const slashQueryOf = (text: string): string | null => (/^\/[^\n]*$/.test(text) ? text.slice(1) : null);

export const Composer = memo(function Composer({ conversationId, customerName }: { conversationId: string; customerName: string }) {
  const store = useStore();
  const { t } = useTranslation();
  const enterToSend = useApp((s) => s.settings.enterToSend);
  const locale = useApp((s) => s.settings.locale);
  const agentName = useApp((s) => s.user?.displayName ?? '');
  const [text, setText] = useState(() => store.drafts.peek(conversationId) ?? '');
  const [loaded, setLoaded] = useState(() => store.drafts.peek(conversationId) !== undefined);
  const [sending, setSending] = useState(false);
  const [picker, setPicker] = useState<PickerState>({ open: false });
  const [held, setHeld] = useState<string | null>(null);
  // Switched to another conversation: take its draft from memory at once (React re-renders before painting).
  const [shownFor, setShownFor] = useState(conversationId);
  if (shownFor !== conversationId) {
    const cached = store.drafts.peek(conversationId);
    setShownFor(conversationId);
    setText(cached ?? '');
    setLoaded(cached !== undefined);
    setSending(false);
    setPicker({ open: false });
    setHeld(null);
  }
  /** The conversation on show, for sends that finish after the agent moved on. */
  const shownRef = useRef(conversationId);
  shownRef.current = conversationId;
  const addons = useSyncExternalStore(onComposerAddonsChanged, composerAddons);
  const draftStatus = useSyncExternalStore(
    useCallback((notify: () => void) => store.drafts.subscribe((id) => id === conversationId && notify()), [store, conversationId]),
    () => store.drafts.status(conversationId),
  );
  const textareaRef = useRef<TextAreaRef>(null);
  const pickerRef = useRef<PickerHandle>(null);
  const textRef = useRef(text);
  textRef.current = text;
  const compliance = useComplianceCheck(conversationId, text);
  const complianceRef = useRef(compliance);
  complianceRef.current = compliance;

  const typing = useMemo(
    () => new TypingSignal((on) => void store.api.setTyping({ conversationId, typing: on }).then((r) => (r.ok || r.error.code === 'UNAVAILABLE' ? null : store.report(r.error, 'typing')))),
    [store, conversationId],
  );

  // Restore the draft on open (from memory when it is there); flush it and stop typing when leaving.
  useEffect(() => {
    let cancelled = false;
    if (store.drafts.peek(conversationId) !== undefined) textareaRef.current?.focus({ cursor: 'end' });
    else {
      void store.drafts.load(conversationId).then((draft) => {
        if (cancelled) return;
        setText(draft);
        setLoaded(true);
        textareaRef.current?.focus({ cursor: 'end' });
      });
    }
    return () => {
      cancelled = true;
      void store.drafts.flush(conversationId);
      typing.stop();
    };
  }, [store, conversationId, typing]);

  // Before the next conversation paints: an acknowledgement still asked for, or a refusal shown, belongs to this one.
  useLayoutEffect(
    () => () => {
      complianceRef.current.ackRequest?.answer(null);
      complianceRef.current.dismissRefusal();
    },
    [conversationId],
  );

  const change = useCallback(
    (next: string) => {
      setText(next);
      setHeld(null);
      store.drafts.update(conversationId, next);
      if (next.trim()) typing.input();
      else typing.stop();
      const slash = slashQueryOf(next);
      setPicker((p) => (slash !== null ? { open: true, via: 'slash' } : p.open && p.via === 'slash' ? { open: false } : p));
    },
    [store, conversationId, typing],
  );

  const insertAtCursor = useCallback(
    (snippet: string) => {
      const el = textareaRef.current?.resizableTextArea?.textArea;
      const current = textRef.current;
      const start = el?.selectionStart ?? current.length;
      const end = el?.selectionEnd ?? current.length;
      const next = current.slice(0, start) + snippet + current.slice(end);
      change(next);
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(start + snippet.length, start + snippet.length);
      });
    },
    [change],
  );

  useEffect(() => deckEvents.on('insertIntoComposer', insertAtCursor), [insertAtCursor]);
  useEffect(() => deckEvents.on('focusComposer', () => textareaRef.current?.focus()), []);

  const send = async () => {
    const body = textRef.current.trim();
    if (!body || sending || compliance.blocked) return;
    setSending(true);
    typing.stop();
    const verdict = await checkBeforeSend({ conversationId, text: body, locale });
    if (shownRef.current !== conversationId) return;
    if (!verdict.ok) {
      setSending(false);
      setHeld(verdict.reason);
      requestAnimationFrame(() => textareaRef.current?.focus());
      return;
    }
    const ok = await compliance.send(body);
    // The agent may have switched meanwhile: the draft store already holds the outcome for that conversation.
    if (shownRef.current !== conversationId) return;
    setSending(false);
    // The draft is cleared only once the services accepted the message; on failure the text stays for a retry.
    if (ok) {
      setText('');
      setPicker({ open: false });
      deckEvents.emit('scrollToLatest');
    }
    requestAnimationFrame(() => textareaRef.current?.focus());
  };

  // Stable handlers for the memoised toolbar and send button, so a keystroke does not re-render them.
  const sendLatest = useRef(send);
  sendLatest.current = send;
  const sendRef = useCallback(() => void sendLatest.current(), []);
  const togglePicker = useCallback(() => setPicker((p) => (p.open ? { open: false } : { open: true, via: 'button' })), []);

  const pickPhrase = (filled: string) => {
    if (picker.open && picker.via === 'slash') {
      change(filled);
      setPicker({ open: false });
      requestAnimationFrame(() => textareaRef.current?.focus({ cursor: 'end' }));
    } else {
      setPicker({ open: false });
      insertAtCursor(filled);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    // Never act on Enter while an IME (pinyin) is composing: that Enter confirms the candidate.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (picker.open && pickerRef.current?.handleKey(e)) {
      e.preventDefault();
      return;
    }
    if (e.key !== 'Enter') return;
    const withCtrl = e.ctrlKey || e.metaKey;
    if (withCtrl || (enterToSend && !e.shiftKey && !e.altKey)) {
      e.preventDefault();
      void send();
    }
  };

  const variables = useMemo(() => ({ customerTitle: customerTitle(customerName, locale), agentName }), [customerName, locale, agentName]);
  const slashQuery = picker.open && picker.via === 'slash' ? (slashQueryOf(text) ?? '') : null;

  return (
    <div className="ws-composer">
      {picker.open && (
        <QuickPhrasePicker
          ref={pickerRef}
          locale={locale}
          variables={variables}
          slashQuery={slashQuery}
          onPick={pickPhrase}
          onClose={() => {
            setPicker({ open: false });
            textareaRef.current?.focus();
          }}
        />
      )}
      <ComposerToolbar pickerOpen={picker.open} enterToSend={enterToSend} draftStatus={draftStatus} onTogglePicker={togglePicker} />
      {addons.map((addon) =>
        addon.Panel ? <AddonPanel key={addon.key} Panel={addon.Panel} conversationId={conversationId} text={text} locale={locale} replaceText={change} /> : null,
      )}
      {held && (
        <div className="ws-composer-held" role="alert" data-testid="composer-held">
          {held}
        </div>
      )}
      <div className="ws-composer-body">
        <ComplianceHighlights text={text} hits={compliance.hits} textareaRef={textareaRef}>
        <Input.TextArea
          ref={textareaRef}
          data-testid="composer"
          aria-label={t('composer.label')}
          value={text}
          readOnly={!loaded || sending}
          placeholder={loaded ? t('composer.placeholder') : t('composer.loadingDraft')}
          // Grows with its content by CSS (field-sizing), not by antd's autoSize, which measures a cloned textarea on
          // every keystroke and forces a layout each time.
          rows={2}
          className="ws-composer-input"
          maxLength={4000}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            void store.drafts.flush(conversationId);
            typing.stop();
          }}
        />
        </ComplianceHighlights>
        <SendButton sending={sending} disabled={!text.trim() || !loaded || compliance.blocked} onSend={sendRef} />
      </div>
      <ComplianceBar compliance={compliance} text={text} onReplace={change} textareaRef={textareaRef} />
    </div>
  );
});

/** Each addon panel is memoised on its props: it re-renders when the draft changes, not when the composer does. */
const AddonPanel = memo(function AddonPanel({ Panel, ...props }: ComposerAddonProps & { Panel: React.ComponentType<ComposerAddonProps> }) {
  return <Panel {...props} />;
});

const ComposerToolbar = memo(function ComposerToolbar({
  pickerOpen,
  enterToSend,
  draftStatus,
  onTogglePicker,
}: {
  pickerOpen: boolean;
  enterToSend: boolean;
  draftStatus: DraftStatus;
  onTogglePicker(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="ws-composer-toolbar">
      <Tooltip title={t('composer.phrasesTip')} open={pickerOpen ? false : undefined}>
        <Button size="small" type={pickerOpen ? 'primary' : 'text'} icon={<MessageOutlined />} data-testid="quick-phrase-button" onClick={onTogglePicker}>
          {t('composer.phrases')}
        </Button>
      </Tooltip>
      <span className="ws-muted ws-small ws-ellipsis ws-composer-hint">{t(enterToSend ? 'composer.hintEnter' : 'composer.hintCtrlEnter')}</span>
      <span className="ws-muted ws-small ws-nowrap ws-draft-status" data-testid="draft-status" data-status={draftStatus} aria-live="polite">
        {draftStatus === 'none' ? '' : t(`composer.draft.${draftStatus}`)}
      </span>
    </div>
  );
});

const SendButton = memo(function SendButton({ sending, disabled, onSend }: { sending: boolean; disabled: boolean; onSend(): void }) {
  const { t } = useTranslation();
  return (
    <Button type="primary" icon={<SendOutlined />} loading={sending} disabled={disabled} onClick={onSend} data-testid="send-button">
      {t('composer.send')}
    </Button>
  );
});
