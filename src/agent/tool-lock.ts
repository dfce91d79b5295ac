// Orders tool calls: parallel-safe calls share the lock, others run alone, everyone in arrival order.

interface Waiter {
  shared: boolean;
  grant: () => void;
}

/** A fair readers/writer lock. */
export class ToolLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  /** Wait for the lock; the returned function releases it. */
  acquire(shared: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({ shared, grant: () => resolve(() => this.release(shared)) });
      this.pump();
    });
  }

  private release(shared: boolean): void {
    if (shared) this.readers -= 1;
    else this.writer = false;
    this.pump();
  }

  private pump(): void {
    for (;;) {
      const next = this.queue[0];
      if (!next || this.writer) return;
      if (next.shared) {
        this.readers += 1;
      } else {
        if (this.readers > 0) return;
        this.writer = true;
      }
      this.queue.shift();
      next.grant();
    }
  }
}
