/**
 * At most `concurrency` tasks at once, at most `queue` more waiting in turn; a task beyond both is
 * refused at once (the caller says "try again later"). The limits are read per call, so a setting
 * changed in the environment (or by a test) applies to the next task.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(limits: { concurrency: number; queue: number }, task: () => Promise<T>, refuse: () => Error): Promise<T> {
    if (this.running >= limits.concurrency) {
      if (this.waiting.length >= limits.queue) throw refuse();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The turn passes straight to the next waiting task, so `running` never dips below the limit
      // while tasks wait (a task arriving meanwhile cannot overtake the queue).
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
