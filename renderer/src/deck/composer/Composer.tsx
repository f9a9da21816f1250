/**
 * The composer: multi-line input, Enter/Ctrl+Enter to send per the agent's setting, a draft per conversation that is
 * never lost, the typing signal, and quick phrases (`/` or the button).
 */
import { MessageOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Input, Tooltip } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/ipc/contract';
import { useApp, useStore } from '../../store/context';
import { deckEvents } from '../deckEvents';
import { QuickPhrasePicker, type PickerHandle } from './QuickPhrasePicker';
import { customerTitle } from './quickPhrases';
import { TypingSignal } from './typingSignal';

type PickerState = { open: false } | { open: true; via: 'slash' | 'button' };

/** `/keyword` at the start of a single-line composer opens the quick phrases filtered by keyword. */
const slashQueryOf = (text: string): string | null => (/^\/[^\n]*$/.test(text) ? text.slice(1) : null);

export function Composer({ conversation }: { conversation: ConversationView }) {
  const store = useStore();
  const { t } = useTranslation();
  const conversationId = conversation.id;
  const enterToSend = useApp((s) => s.settings.enterToSend);
  const locale = useApp((s) => s.settings.locale);
  const agentName = useApp((s) => s.user?.displayName ?? '');
  const [text, setText] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [sending, setSending] = useState(false);
  const [picker, setPicker] = useState<PickerState>({ open: false });
  const textareaRef = useRef<TextAreaRef>(null);
  const pickerRef = useRef<PickerHandle>(null);
  const textRef = useRef(text);
  textRef.current = text;

  const typing = useMemo(
    () => new TypingSignal((on) => void store.api.setTyping({ conversationId, typing: on }).then((r) => (r.ok || r.error.code === 'UNAVAILABLE' ? null : store.report(r.error, 'typing')))),
    [store, conversationId],
  );

  // Restore the draft on open; flush it and stop typing when leaving (switch or unmount).
  useEffect(() => {
    let cancelled = false;
    setLoaded(false);
    void store.drafts.load(conversationId).then((draft) => {
      if (cancelled) return;
      setText(draft);
      setLoaded(true);
      textareaRef.current?.focus({ cursor: 'end' });
    });
    return () => {
      cancelled = true;
      void store.drafts.flush(conversationId);
      typing.stop();
    };
  }, [store, conversationId, typing]);

  const change = useCallback(
    (next: string) => {
      setText(next);
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
    if (!body || sending) return;
    setSending(true);
    typing.stop();
    const ok = await store.send(conversationId, body);
    setSending(false);
    // The draft is cleared only once the services accepted the message; on failure the text stays for a retry.
    if (ok) {
      setText('');
      setPicker({ open: false });
      deckEvents.emit('scrollToLatest');
    }
    requestAnimationFrame(() => textareaRef.current?.focus());
  };

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

  const variables = useMemo(() => ({ customerTitle: customerTitle(conversation.customerName, locale), agentName }), [conversation.customerName, locale, agentName]);
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
      <div className="ws-composer-toolbar">
        <Tooltip title={t('composer.phrasesTip')} open={picker.open ? false : undefined}>
          <Button
            size="small"
            type={picker.open ? 'primary' : 'text'}
            icon={<MessageOutlined />}
            data-testid="quick-phrase-button"
            onClick={() => setPicker((p) => (p.open ? { open: false } : { open: true, via: 'button' }))}
          >
            {t('composer.phrases')}
          </Button>
        </Tooltip>
        <span className="ws-muted ws-small ws-ellipsis">{t(enterToSend ? 'composer.hintEnter' : 'composer.hintCtrlEnter')}</span>
      </div>
      <div className="ws-composer-body">
        <Input.TextArea
          ref={textareaRef}
          data-testid="composer"
          aria-label={t('composer.label')}
          value={text}
          readOnly={!loaded || sending}
          placeholder={loaded ? t('composer.placeholder') : t('composer.loadingDraft')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            void store.drafts.flush(conversationId);
            typing.stop();
          }}
        />
        <Button type="primary" icon={<SendOutlined />} loading={sending} disabled={!text.trim() || !loaded} onClick={() => void send()} data-testid="send-button">
          {t('composer.send')}
        </Button>
      </div>
    </div>
  );
}
