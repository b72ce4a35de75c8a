// Cutting valid rows into chunks, and sending chunks a few at a time.
import type { ValidContactRow } from '../csv/csv-validation-types.js';
import { gzipChunk, type PreparedChunk } from './chunk-body.js';

/** Cuts a stream of valid rows into chunks of `chunkSize`, numbered from 0, in file order. */
export class ChunkCutter {
  private rows: ValidContactRow[] = [];
  private lines: number[] = [];
  private nextIndex = 0;

  constructor(
    private readonly chunkSize: number,
    private readonly onChunk: (
      index: number,
      rows: ValidContactRow[],
      lines: number[],
    ) => void | Promise<void>,
  ) {}

  /** Takes a batch of rows (awaits the consumer each time a chunk is full: backpressure). */
  readonly add = async (rows: ValidContactRow[], lines: number[]): Promise<void> => {
    for (let index = 0; index < rows.length; index++) {
      this.rows.push(rows[index]!);
      this.lines.push(lines[index]!);
      if (this.rows.length === this.chunkSize) await this.cut();
    }
  };

  /** The last, shorter chunk. */
  async flush(): Promise<void> {
    if (this.rows.length > 0) await this.cut();
  }

  private cut(): void | Promise<void> {
    const rows = this.rows;
    const lines = this.lines;
    this.rows = [];
    this.lines = [];
    return this.onChunk(this.nextIndex++, rows, lines);
  }
}

/** Compressions running at once while the validation pass prepares chunks (bounds the memory of pending ones). */
const MAX_PENDING_COMPRESSIONS = 4;

/**
 * Keeps the chunks of the validation pass, gzip-compressed (about 10 bytes a row), so the upload
 * sends them without reading and checking the file a second time.
 */
export class ChunkPreparer {
  private readonly chunks: PreparedChunk[] = [];
  private readonly pending = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;
  readonly cutter: ChunkCutter;

  constructor(chunkSize: number) {
    this.cutter = new ChunkCutter(chunkSize, (index, rows, lines) =>
      this.prepare(index, rows, lines),
    );
  }

  private async prepare(index: number, rows: ValidContactRow[], lines: number[]): Promise<void> {
    while (this.pending.size >= MAX_PENDING_COMPRESSIONS) await Promise.race(this.pending);
    if (this.failure) throw this.failure.error;
    const chunk: PreparedChunk = {
      index,
      rowCount: rows.length,
      lines: Int32Array.from(lines),
      rows,
      gzip: null,
    };
    this.chunks.push(chunk);
    const compression = gzipChunk(rows).then(
      (gzip) => {
        // Where the platform cannot compress, the chunk keeps its rows.
        if (gzip) {
          chunk.gzip = gzip;
          chunk.rows = null;
        }
        this.pending.delete(compression);
      },
      (error: unknown) => {
        this.failure ??= { error };
        this.pending.delete(compression);
      },
    );
    this.pending.add(compression);
  }

  /** Every chunk, once the last one is compressed. */
  async finish(): Promise<PreparedChunk[]> {
    await this.cutter.flush();
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
    return this.chunks;
  }
}

/**
 * Sends chunks with at most `concurrency` in flight; skips those already staged. The first
 * failure stops it: later `submit` calls and `finish` throw it.
 */
export class ChunkUploader {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly send: (chunk: PreparedChunk) => Promise<void>,
    private readonly concurrency: number,
    private readonly isStaged: (index: number) => boolean,
  ) {}

  async submit(chunk: PreparedChunk): Promise<void> {
    this.throwIfFailed();
    if (this.isStaged(chunk.index)) return;
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const upload = this.send(chunk).then(
      () => {
        this.inFlight.delete(upload);
      },
      (error: unknown) => {
        this.inFlight.delete(upload);
        this.failure ??= { error };
      },
    );
    this.inFlight.add(upload);
  }

  /** Waits for the chunks in flight. */
  async finish(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
