import type { HubDb } from '../db/open';
import type { GroupCommit } from '../db/groupCommit';
import { op } from '../db/writerOps';
import { countComplianceEvents } from '../repos/complianceEvents';
import type { ComplianceEngine, ComplianceResult } from '../../shared/compliance';
import { redactText } from '../../shared/masking/mask';
import { AppFailure } from '../../shared/result';

export interface Acknowledgement {
  ruleIds: string[];
  reason?: string;
}

/**
 * The hub's own compliance check of every outgoing staff message: whatever a client claims, a `block` hit is refused
 * and a `warn` hit needs an acknowledgement naming that rule. Every refusal and acknowledgement is written to the
 * hash-chained audit ledger (with PII redacted from the text) in the same group commit as the messages.
 */
export class ComplianceGate {
  /** Blocked sends per conversation once one was recorded here, including those still waiting for their commit. */
  private readonly blocks = new Map<string, number>();

  constructor(
    private readonly db: HubDb,
    private readonly commit: GroupCommit,
    private readonly engine: ComplianceEngine,
    private readonly rulesVersion: string,
    private readonly now: () => string,
  ) {
    // A failed batch took its block records with it: count from the database again.
    commit.onAfterRollback(() => this.blocks.clear());
  }

  screen(actorId: string, conversationId: string, text: string, ack: Acknowledgement | undefined): ComplianceResult {
    const result = this.engine.check(text);
    if (result.verdict === 'pass') return result;
    const at = this.now();
    const hits = result.hits.map((h) => ({ rule: h.ruleId, category: h.category, severity: h.severity, start: h.start, end: h.end }));
    if (result.verdict === 'block') {
      const ruleIds = unique(result.hits.filter((h) => h.severity === 'block').map((h) => h.ruleId));
      this.record(actorId, conversationId, 'block', ruleIds, at, { hits, text: redactText(text), rulesVersion: this.rulesVersion });
      const first = result.hits.find((h) => h.severity === 'block')!;
      throw new AppFailure(
        'COMPLIANCE_BLOCKED',
        `消息含有禁止发送的内容:${first.reason.zh} / Blocked by compliance: ${first.reason.en}`,
        { hits: result.hits.map((h) => ({ ...h })) },
      );
    }
    const warned = unique(result.hits.map((h) => h.ruleId));
    const acknowledged = new Set(ack?.ruleIds ?? []);
    const missing = warned.filter((id) => !acknowledged.has(id));
    if (missing.length > 0) {
      throw new AppFailure('ACK_REQUIRED', `以下风险提示需要确认后才能发送 / These warnings need an acknowledgement: ${missing.join(', ')}`, {
        hits: result.hits.map((h) => ({ ...h })),
        missing,
      });
    }
    this.record(actorId, conversationId, 'ack', warned, at, { hits, reason: ack?.reason ?? null, text: redactText(text), rulesVersion: this.rulesVersion });
    return result;
  }

  /** The workstation reports warnings it showed while the agent typed (debounced, new rules only). */
  recordShown(actorId: string, conversationId: string, ruleIds: string[]): void {
    const known = new Set(this.engine.ruleSet.rules.map((r) => r.id));
    const valid = unique(ruleIds.filter((id) => known.has(id)));
    if (valid.length === 0) return;
    this.record(actorId, conversationId, 'shown', valid, this.now(), { rulesVersion: this.rulesVersion });
  }

  /** Blocked sends in this conversation so far, the one just refused included (its record may not be committed yet). */
  blockedSends(conversationId: string): number {
    return this.blocks.get(conversationId) ?? countComplianceEvents(this.db, conversationId, 'block');
  }

  private record(actorId: string, conversationId: string, kind: 'shown' | 'block' | 'ack', ruleIds: string[], at: string, payload: Record<string, unknown>) {
    const ledgerKind = kind === 'shown' ? 'compliance.warning_shown' : kind === 'block' ? 'compliance.blocked' : 'compliance.acknowledged';
    if (kind === 'block') this.blocks.set(conversationId, this.blockedSends(conversationId) + 1);
    // Fire and forget: an acknowledged send fails with its message if this batch fails; a shown warning is advisory.
    this.commit
      .writeAll([
        op('insertComplianceEvent', { conversationId, actorId, kind, ruleIds, at }),
        op('appendAudit', { actor: actorId, kind: ledgerKind, subject: conversationId, payload: { ruleIds, ...payload }, at }),
      ])
      .catch(() => {});
  }
}

const unique = <T>(xs: T[]) => [...new Set(xs)];
