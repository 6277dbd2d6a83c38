/**
 * Runs tasks one after another per key and in parallel across keys: a person's messages
 * in one conversation are handled in the order they arrived, while a slow answer for one
 * person never holds up another.
 */
export class Lanes {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
