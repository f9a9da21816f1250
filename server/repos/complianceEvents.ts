import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';

/** What compliance did in a conversation: warnings shown, sends blocked, warnings acknowledged. */
export type ComplianceEventKind = 'shown' | 'block' | 'ack' | 'override';

export function insertComplianceEvent(db: HubDb, e: { conversationId: string; actorId: string; kind: ComplianceEventKind; ruleIds: string[]; at: string }): void {
  prepared(db, 'INSERT INTO compliance_events (conversation_id, actor_id, kind, rule_ids, at) VALUES (?, ?, ?, ?, ?)').run(
    e.conversationId,
    e.actorId,
    e.kind,
    JSON.stringify(e.ruleIds),
    e.at,
  );
}

export function countComplianceEvents(db: HubDb, conversationId: string, kind: ComplianceEventKind): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM compliance_events WHERE conversation_id = ? AND kind = ?').get(conversationId, kind) as { n: number }).n;
}

export function listComplianceEvents(db: HubDb, conversationId: string): { actorId: string; kind: ComplianceEventKind; ruleIds: string[]; at: string }[] {
  return (
    prepared(db, 'SELECT actor_id, kind, rule_ids, at FROM compliance_events WHERE conversation_id = ? ORDER BY id').all(conversationId) as {
      actor_id: string;
      kind: ComplianceEventKind;
      rule_ids: string;
      at: string;
    }[]
  ).map((r) => ({ actorId: r.actor_id, kind: r.kind, ruleIds: JSON.parse(r.rule_ids) as string[], at: r.at }));
}
