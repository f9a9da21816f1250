import type { LocalDb } from './open';

export function getDraft(db: LocalDb, conversationId: string): string {
  const row = db.prepare('SELECT text FROM drafts WHERE conversation_id = ?').get(conversationId) as { text: string } | undefined;
  return row?.text ?? '';
}

export function saveDraft(db: LocalDb, conversationId: string, text: string, now = new Date().toISOString()): void {
  if (text === '') db.prepare('DELETE FROM drafts WHERE conversation_id = ?').run(conversationId);
  else
    db.prepare(
      'INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at',
    ).run(conversationId, text, now);
}
