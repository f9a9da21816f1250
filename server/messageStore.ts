import { randomUUID } from 'node:crypto';
import type { HubDb } from './db/open';
import type { GroupCommit } from './db/groupCommit';
import type { Message } from '../shared/protocol/hub';
import { findMessageByClientId, listClientMsgIds, maxSeq } from './repos/messages';
import { op } from './db/writerOps';

export type NewMessage = Omit<Message, 'id' | 'seq' | 'at'> & { at?: string };
export interface Appended {
  message: Message;
  /** The hub had this clientMsgId already; the original is returned and nothing new was stored. */
  duplicate: boolean;
}

/**
 * Durable, idempotent, sequenced message storage on top of group commit.
 *
 * A sequence number is assigned in memory when a message arrives; the message is written in the next group-commit
 * batch (one transaction, one fsync, by the writer worker, for everything that arrived while the previous batch was
 * being committed), and only then is the caller's promise resolved: nothing is acknowledged before it is on disk, and
 * then it is visible to this thread's reads too. A resend of a clientMsgId, even while the first copy is still in
 * flight, gets the original message and sequence number back.
 *
 * Telling a new message from a resend costs no database read in the common case: per conversation, the store keeps
 * a hash of every clientMsgId it holds (read from disk once, on the conversation's first append, then kept up to date
 * here: this store is the only writer of messages). A clientMsgId whose hash is not there is certainly new; a hash
 * that is there (a resend, or a rare collision) is looked up in the database as before.
 */
export class MessageStore {
  private readonly lastSeq = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<Appended>>();
  /** Per conversation, the hashes of all its clientMsgIds, stored or in flight (see above). */
  private readonly knownIds = new Map<string, Set<number>>();
  private committed: Message[] = [];

  constructor(
    private readonly db: HubDb,
    private readonly commit: GroupCommit,
    private readonly onCommitted: (messages: readonly Message[]) => void = () => {},
  ) {
    commit.onAfterCommit(() => {
      if (this.committed.length === 0) return;
      const batch = this.committed;
      this.committed = [];
      this.onCommitted(batch);
    });
    // Nothing of a failed batch was stored: forget the in-memory heads so they are re-read from disk.
    commit.onAfterRollback(() => {
      this.lastSeq.clear();
      this.knownIds.clear();
      this.committed = [];
    });
  }

  append(input: NewMessage): Promise<Appended> {
    const key = `${input.conversationId}\u0000${input.clientMsgId}`;
    const inFlight = this.inFlight.get(key);
    if (inFlight) return inFlight.then((a) => ({ message: a.message, duplicate: true }));
    const known = this.knownIdsOf(input.conversationId);
    const hash = hashId(input.clientMsgId);
    if (known.has(hash)) {
      const existing = findMessageByClientId(this.db, input.conversationId, input.clientMsgId);
      if (existing) return Promise.resolve({ message: existing, duplicate: true });
    }

    known.add(hash);
    const seq = this.nextSeq(input.conversationId);
    const message: Message = { ...input, id: randomUUID(), seq, at: input.at ?? new Date().toISOString() };
    const promise = this.commit
      .writeAll([op('insertMessage', message, preview(message))], () => this.committed.push(message))
      .then(() => ({ message, duplicate: false }));
    this.inFlight.set(key, promise);
    const forget = () => this.inFlight.delete(key);
    promise.then(forget, forget);
    return promise;
  }

  /** The stored (or in-flight) message with this client id, if any. */
  async findExisting(conversationId: string, clientMsgId: string): Promise<Message | undefined> {
    const inFlight = this.inFlight.get(`${conversationId}\u0000${clientMsgId}`);
    if (inFlight) return (await inFlight).message;
    if (!this.knownIdsOf(conversationId).has(hashId(clientMsgId))) return undefined;
    return findMessageByClientId(this.db, conversationId, clientMsgId);
  }

  /**
   * Drops the conversation's duplicate index (it ended): memory stays bounded by the open conversations. A later
   * append rebuilds it from disk plus whatever is still in flight.
   */
  forget(conversationId: string): void {
    this.knownIds.delete(conversationId);
  }

  private knownIdsOf(conversationId: string): Set<number> {
    let known = this.knownIds.get(conversationId);
    if (known) return known;
    known = new Set(listClientMsgIds(this.db, conversationId).map(hashId));
    // Messages in flight are not on disk yet, but are already taken.
    const prefix = `${conversationId}\u0000`;
    for (const key of this.inFlight.keys()) if (key.startsWith(prefix)) known.add(hashId(key.slice(prefix.length)));
    this.knownIds.set(conversationId, known);
    return known;
  }

  private nextSeq(conversationId: string): number {
    const last = this.lastSeq.get(conversationId) ?? maxSeq(this.db, conversationId);
    this.lastSeq.set(conversationId, last + 1);
    return last + 1;
  }
}

/** FNV-1a over the UTF-16 code units, cut to 30 bits so that V8 keeps it a small integer (cheap to store in a Set). */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

function preview(m: Message): string {
  if (m.kind === 'whisper' || (m.payload as { internal?: boolean } | undefined)?.internal) return '';
  return m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text;
}
