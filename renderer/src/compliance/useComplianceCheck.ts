/**
 * Live compliance for one conversation's composer: checks the draft on every change (incremental session), reports
 * the warnings shown, and sends — refusing a blocked draft, asking for an acknowledgement of warned rules first, and
 * answering the hub's own refusals (ACK_REQUIRED asks again; COMPLIANCE_BLOCKED or a later failure of the queued
 * message is shown, and the text can be put back into the composer: a draft is never lost).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ComplianceHit, ComplianceResult, ComplianceSession } from '../../../shared/compliance';
import type { AppError } from '../../../shared/result';
import { newClientMsgId } from '../store/appStore';
import { useStore } from '../store/context';
import { ackItemsFromHub, ackItemsOf, blockItemsOf, mergeAcks, type Acknowledgement, type AckItem } from './ackState';
import { complianceEngine } from './engine';
import { WarningReporter } from './warningReporter';

export interface AckRequest {
  items: AckItem[];
  /** True when the hub asked (its rule set differed from ours). */
  fromHub: boolean;
  answer(ack: Acknowledgement | null): void;
}

/** The hub refused a message (at once, or later from the outbox); `text` is what the agent wrote. */
export interface Refusal {
  message: string;
  text: string;
}

export interface ComplianceCheck {
  result: ComplianceResult;
  hits: readonly ComplianceHit[];
  blocked: boolean;
  blockItems: AckItem[];
  warnItems: AckItem[];
  ackRequest: AckRequest | null;
  refusal: Refusal | null;
  dismissRefusal(): void;
  /** Sends the draft with any acknowledgement it needs; false when it was not sent (the draft stays). */
  send(body: string): Promise<boolean>;
}

const EMPTY: ComplianceResult = { verdict: 'pass', hits: [] };

/** Per conversation: survives the composer remounting when the agent switches chats. */
const reporters = new Map<string, WarningReporter>();
/** Messages sent from a composer whose delivery the composer still watches, by client message id. */
const watchedSends = new Map<string, { conversationId: string; text: string }>();

export function useComplianceCheck(conversationId: string, text: string): ComplianceCheck {
  const store = useStore();
  const session = useMemo<ComplianceSession>(() => complianceEngine().createSession(), [conversationId]);
  const result = useMemo(() => (text ? session.update(text) : EMPTY), [session, text]);
  const [ackRequest, setAckRequest] = useState<AckRequest | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const reporter = useMemo(() => {
    let r = reporters.get(conversationId);
    if (!r) {
      r = new WarningReporter((ruleIds) => {
        void store.api.reportWarningsShown({ conversationId, ruleIds }).then((res) => {
          // The ledger entry is best effort while offline; anything else is a real problem worth showing.
          if (!res.ok && res.error.code !== 'UNAVAILABLE') store.report(res.error, 'compliance');
        });
      });
      reporters.set(conversationId, r);
    }
    return r;
  }, [store, conversationId]);

  const ruleKey = useMemo(() => [...new Set(result.hits.map((h) => h.ruleId))].sort().join('\n'), [result]);
  useEffect(() => reporter.observe(ruleKey ? ruleKey.split('\n') : []), [reporter, ruleKey]);
  useEffect(() => () => reporter.flush(), [reporter]);

  // A message we queued may still be refused by the hub (the outbox delivers it): show why and keep its text.
  useEffect(() => {
    const check = () => {
      const list = store.state.get().messages[conversationId];
      if (!list) return;
      for (const m of list) {
        const watched = watchedSends.get(m.clientMsgId);
        if (!watched || watched.conversationId !== conversationId) continue;
        if (m.status === 'sent') watchedSends.delete(m.clientMsgId);
        else if (m.status === 'failed') {
          watchedSends.delete(m.clientMsgId);
          setRefusal({ message: m.error ?? '', text: watched.text });
        }
      }
    };
    check();
    return store.state.subscribe(check);
  }, [store, conversationId]);

  /** The hub's compliance refusals are shown at the composer; other failures go to the usual notification. */
  const showRefusal = useCallback(
    (error: AppError, text: string) => {
      if (error.code === 'COMPLIANCE_BLOCKED' || error.code === 'ACK_REQUIRED') setRefusal({ message: error.message, text });
      else store.report(error, 'send');
    },
    [store],
  );

  const askAck = useCallback(
    (items: AckItem[], fromHub: boolean) =>
      new Promise<Acknowledgement | null>((resolve) => {
        setAckRequest({
          items,
          fromHub,
          answer: (ack) => {
            setAckRequest(null);
            resolve(ack);
          },
        });
      }),
    [],
  );

  const send = useCallback(
    async (body: string): Promise<boolean> => {
      setRefusal(null);
      const checked = complianceEngine().check(body);
      if (checked.verdict === 'block') return false;
      let ack: Acknowledgement | undefined;
      const warned = ackItemsOf(checked.hits);
      if (warned.length > 0) {
        const answer = await askAck(warned, false);
        if (!answer) return false;
        ack = answer;
      }
      const clientMsgId = newClientMsgId();
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await store.api.sendMessage({ conversationId, text: body, clientMsgId, ...(ack ? { ack } : {}) });
        if (res.ok) {
          watchedSends.set(clientMsgId, { conversationId, text: body });
          store.applyMessages(conversationId, [res.value]);
          await store.drafts.clear(conversationId);
          reporter.newDraft();
          return true;
        }
        const hubItems = res.error.code === 'ACK_REQUIRED' && attempt === 0 ? ackItemsFromHub(res.error.details) : null;
        if (hubItems) {
          const answer = await askAck(hubItems, true);
          if (!answer) return false;
          ack = mergeAcks(ack, answer);
          continue;
        }
        showRefusal(res.error, body);
        return false;
      }
      return false;
    },
    [store, conversationId, askAck, reporter, showRefusal],
  );

  return {
    result,
    hits: result.hits,
    blocked: result.verdict === 'block',
    blockItems: useMemo(() => blockItemsOf(result.hits), [result]),
    warnItems: useMemo(() => ackItemsOf(result.hits), [result]),
    ackRequest,
    refusal,
    dismissRefusal: useCallback(() => setRefusal(null), []),
    send,
  };
}
