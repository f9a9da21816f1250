/**
 * Drafts are precious: an agent juggling ten chats must never lose a half-written answer. Every change is kept in
 * memory at once, saved through `saveDraft` after a short pause, flushed immediately on switch/blur/unload, and a save
 * that failed (services restarting) stays dirty and is written again after reconnect.
 */
import type { WorkstationApi } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';

type DraftApi = Pick<WorkstationApi, 'getDraft' | 'saveDraft'>;

interface Entry {
  text: string;
  /** Changed locally and not yet confirmed saved. */
  dirty: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

export const DRAFT_SAVE_DELAY_MS = 300;

/** What the composer may say about a draft: nothing typed, typed but not yet stored, or stored by the services. */
export type DraftStatus = 'none' | 'dirty' | 'saved';

export class DraftKeeper {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(conversationId: string) => void>();

  constructor(
    private readonly api: DraftApi,
    private readonly onError: (error: AppError) => void,
    private readonly delayMs = DRAFT_SAVE_DELAY_MS,
  ) {}

  /** The draft to show: the local copy if we have one (it may be newer than the saved one), else the saved one. */
  async load(conversationId: string): Promise<string> {
    const local = this.entries.get(conversationId);
    if (local) return local.text;
    const result = await this.api.getDraft({ conversationId });
    // The agent may have typed while we were waiting: that text wins.
    const raced = this.entries.get(conversationId);
    if (raced) return raced.text;
    if (!result.ok) {
      this.onError(result.error);
      return '';
    }
    this.entries.set(conversationId, { text: result.value.text, dirty: false, timer: null });
    this.changed(conversationId);
    return result.value.text;
  }

  status(conversationId: string): DraftStatus {
    const entry = this.entries.get(conversationId);
    if (!entry || (!entry.text && !entry.dirty)) return 'none';
    return entry.dirty ? 'dirty' : 'saved';
  }

  /** Called with the conversation id whenever a draft's status may have changed. */
  subscribe(listener: (conversationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(conversationId: string): void {
    for (const l of [...this.listeners]) l(conversationId);
  }

  /** Records a change and schedules a save. */
  update(conversationId: string, text: string): void {
    const entry = this.entries.get(conversationId) ?? { text: '', dirty: false, timer: null };
    if (entry.text === text && !entry.dirty) return;
    const wasDirty = entry.dirty;
    entry.text = text;
    entry.dirty = true;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.save(conversationId);
    }, this.delayMs);
    this.entries.set(conversationId, entry);
    if (!wasDirty) this.changed(conversationId);
  }

  /** Saves now if there is anything unsaved (on switch, blur, unload). */
  async flush(conversationId: string): Promise<void> {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    if (entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = null;
    }
    if (entry.dirty) await this.save(conversationId);
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.flush(id)));
  }

  /** After a message was sent: the draft is now empty, locally and in storage. */
  async clear(conversationId: string): Promise<void> {
    const entry = this.entries.get(conversationId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.entries.set(conversationId, { text: '', dirty: true, timer: null });
    this.changed(conversationId);
    await this.save(conversationId);
  }

  peek(conversationId: string): string | undefined {
    return this.entries.get(conversationId)?.text;
  }

  /** Forget everything (sign-out); unsaved drafts are flushed first by the caller. */
  reset(): void {
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    this.entries.clear();
  }

  private async save(conversationId: string): Promise<void> {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    const text = entry.text;
    const result = await this.api.saveDraft({ conversationId, text });
    if (result.ok) {
      // Only clean if nothing changed while the save was in flight.
      if (entry.text === text) {
        entry.dirty = false;
        this.changed(conversationId);
      }
      return;
    }
    // Stays dirty: `flushAll` after reconnect writes it again. While the link is down the header already says so.
    if (result.error.code !== 'UNAVAILABLE') this.onError(result.error);
  }
}
