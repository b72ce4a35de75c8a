/**
 * While a long job holds SQLite's write lock on its own connection (an import commit runs
 * as one transaction), writes on the main connection would fail with SQLITE_BUSY or block
 * the event loop. Writers await the gate instead; readers never do (WAL keeps them going).
 */
export class WriteGate {
  private closedBy: Promise<void> | null = null;

  /** @param exclusive false for a database whose writers never block each other this way (PostgreSQL): the gate never closes. */
  constructor(private readonly exclusive = true) {}

  get isOpen(): boolean {
    return this.closedBy === null;
  }

  /** Resolves once no job holds the write lock. */
  async whenOpen(): Promise<void> {
    while (this.closedBy) await this.closedBy;
  }

  /** Runs `work` with the gate closed to everyone else; jobs queue behind each other. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (!this.exclusive) return work();
    // Re-checked synchronously after the last await, so two holders never both get in.
    while (this.closedBy) await this.closedBy;
    let release: () => void = () => {};
    this.closedBy = new Promise<void>((resolve) => (release = resolve));
    try {
      return await work();
    } finally {
      this.closedBy = null;
      release();
    }
  }
}
