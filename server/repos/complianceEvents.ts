import type { HubDb } from '../db/open';

/** What compliance did in a conversation: warnings shown, sends blocked, warnings acknowledged. */
export type ComplianceEventKind = 'shown' | 'block' | 'ack' | 'override';

export function insertComplianceEvent(db: HubDb, e: { conversationId: string; actorId: string; kind: ComplianceEventKind; ruleIds: string[]; at: string }): void {
  db.prepare('INSERT INTO compliance_events (conversation_id, actor_id, kind, rule_ids, at) VALUES (?, ?, ?, ?, ?)').run(
    e.conversationId,
    e.actorId,
    e.kind,
    JSON.stringify(e.ruleIds),
    e.at,
  );
}

export function countComplianceEvents(db: HubDb, conversationId: string, kind: ComplianceEventKind): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM compliance_events WHERE conversation_id = ? AND kind = ?').get(conversationId, kind) as { n: number }).n;
}
