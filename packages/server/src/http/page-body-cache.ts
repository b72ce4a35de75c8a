/**
 * Contacts pages as sent, by query and feed position. Every change to what a page shows moves
 * the account's feed, so a page sent at one position is the same page while the feed stays
 * there; widgets ask for the same first page again and again, and serializing it (and sealing
 * its cursor) was a tenth of such a request.
 */
export class PageBodyCache {
  /** Oldest first (Map order), so the first key is the one to drop. */
  private readonly entries = new Map<string, { feedSeq: number; body: string }>();

  constructor(private readonly capacity = 200) {}

  get(key: string, feedSeq: number): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.feedSeq !== feedSeq) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  set(key: string, feedSeq: number, body: string): void {
    this.entries.delete(key);
    this.entries.set(key, { feedSeq, body });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
