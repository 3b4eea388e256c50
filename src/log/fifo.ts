/**
 * Insertion-ordered ids with cheap removal of the oldest. A Map alone is not enough: V8 leaves
 * deleted Map entries as holes until it rehashes, so "the oldest key" (a fresh iterator) walks
 * over every hole — thousands per call in a log that drops one entry per new one.
 */
export class Fifo {
  #items: string[] = [];
  #head = 0;

  push(id: string): void {
    this.#items.push(id);
  }

  /** The oldest id still queued, skipping ids `alive` says are gone; removes it. */
  shift(alive: (id: string) => boolean): string | undefined {
    while (this.#head < this.#items.length) {
      const id = this.#items[this.#head++] as string;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) this.#compact();
      if (alive(id)) return id;
    }
    return undefined;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }
}
