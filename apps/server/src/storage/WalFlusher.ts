import { open } from 'node:fs/promises';

/**
 * Group commit for SQLite. The database runs WAL with synchronous=NORMAL, so a
 * COMMIT writes its frames to the WAL without waiting for the disk; before a
 * write is acknowledged, `flush()` fdatasyncs the WAL file on the thread pool.
 * Commits that land while a flush is running share the next one, so the event
 * loop never blocks on fsync and a burst of sends costs one fsync, not one each.
 * What is acknowledged is on disk, as with synchronous=FULL.
 */
export class WalFlusher {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private directorySynced = false;
  /** Write statements run so far, and how many of them a finished sync covers. */
  private written = 0;
  private durable = 0;

  /** `syncDirectory` makes the WAL file's directory entry durable; it runs after the first sync. */
  constructor(
    private readonly walPath: string,
    private readonly syncDirectory: () => void,
    private readonly onSync: () => void = () => {},
  ) {}

  /** Called for every write statement (COMMIT included), before it returns. */
  noteWrite(): void {
    this.written += 1;
  }

  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void> {
    // Nothing written since the last finished sync began: a read-only request pays no fsync.
    if (this.durable >= this.written) return Promise.resolve();
    // A flush that has not started yet covers this caller's commits.
    if (this.next) return this.next;
    if (!this.running) return this.start();
    // The running flush may have started before the caller's commit: queue one more.
    this.next = this.running.then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<void> {
    const run = this.sync().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async sync(): Promise<void> {
    const covers = this.written;
    let handle;
    try {
      handle = await open(this.walPath, 'r');
    } catch (err) {
      // No WAL yet means nothing has been written through it.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.durable = Math.max(this.durable, covers);
        return;
      }
      throw err;
    }
    try {
      await handle.datasync();
      this.durable = Math.max(this.durable, covers);
      this.onSync();
      if (!this.directorySynced) {
        this.syncDirectory();
        this.directorySynced = true;
      }
    } finally {
      await handle.close();
    }
  }
}
