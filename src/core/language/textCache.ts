/**
 * A bounded, text-keyed cache for the pattern locators (templates, Terraform, Serverless, CDK): its own module so
 * locators can create caches at load time without an import cycle through templates.ts.
 */
// The caches are keyed by text: bounded by entry count and by the characters held, and big texts (a large file
// someone marked as a pattern) are never kept, so typing in one cannot pile up copies of it. Each cache is two
// generations: a hit in the older one moves the entry to the newer one, and when the newer one is full the older
// one is dropped. What a keystroke still uses survives; clearing the cache whole when full (as before) made every
// keystroke in a template with more patterns than the cap re-parse and re-compile all of them (4,000 rules: over a
// second per keystroke), and a true LRU's delete-and-reinsert on every hit cost more than the lookups.
const CACHE_MAX_ENTRIES = 10_000;
const CACHE_MAX_KEY = 64 * 1024;
const CACHE_MAX_CHARS = 8 * 1024 * 1024;

/** A bounded text-keyed cache (see above). */
export class TextCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private chars = 0;

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) {
      this.previous.delete(key);
      this.set(key, old);
    }
    return old;
  }

  set(key: string, value: V): void {
    if (key.length > CACHE_MAX_KEY) return;
    if (this.current.size >= CACHE_MAX_ENTRIES || this.chars + key.length > CACHE_MAX_CHARS) {
      this.previous = this.current;
      this.current = new Map();
      this.chars = 0;
    }
    if (!this.current.has(key)) this.chars += key.length;
    this.current.set(key, value);
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
    this.chars = 0;
  }
}

