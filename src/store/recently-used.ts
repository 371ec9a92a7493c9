/** A bounded map for what a store keeps between requests (parsed bombs). */

/** Values by key, at most `kept` of them, the least recently used going first. */
export class RecentlyUsed<K, V> {
  private readonly byKey = new Map<K, V>();

  constructor(private readonly kept: number) {}

  /** The value of `key`, now the most recently used; undefined when none is kept. */
  get(key: K): V | undefined {
    const value = this.byKey.get(key);
    if (value !== undefined) {
      this.byKey.delete(key);
      this.byKey.set(key, value);
    }
    return value;
  }

  /** Keeps `value` as the most recently used; past the bound, the least recently used goes. */
  set(key: K, value: V): void {
    this.byKey.delete(key);
    this.byKey.set(key, value);
    if (this.byKey.size > this.kept) {
      const oldest = this.byKey.keys().next();
      if (!oldest.done) this.byKey.delete(oldest.value);
    }
  }

  clear(): void {
    this.byKey.clear();
  }

  get size(): number {
    return this.byKey.size;
  }
}
