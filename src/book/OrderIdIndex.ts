/**
 * Order id → slot, as an open-addressing hash table over typed arrays (linear probing, backward-shift
 * deletion, so no tombstones accumulate over a day of adds and deletes). A JS Map would allocate per
 * entry and costs ~2–3× more per lookup; this table allocates only when it doubles.
 * Ids are non-negative integers below 2^53 (exact in a double).
 */
const EMPTY = -1;

export class OrderIdIndex {
  size = 0;
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private home(id: number): number {
    const lo = id >>> 0;
    const hi = (id / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Slot stored for `id`, or -1. */
  get(id: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    while (true) {
      const k = keys[i];
      if (k === id) return this.values[i];
      if (k === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== -1;
  }

  /** Inserts or overwrites. */
  set(id: number, value: number): void {
    const i = this.claim(id);
    if (i >= 0) this.values[i] = value;
    else this.values[~i] = value;
  }

  /** Inserts `id` unless present, in one probe; returns false (and changes nothing) when present. */
  insert(id: number, value: number): boolean {
    const i = this.claim(id);
    if (i >= 0) return false;
    this.values[~i] = value;
    return true;
  }

  /**
   * Finds `id`'s bucket: its index when present, else ~index of the empty bucket now claimed for it
   * (key written, size counted; the caller writes the value). Grows the table first when half full.
   */
  private claim(id: number): number {
    if (!(id >= 0)) throw new RangeError(`order ids must be non-negative integers, got ${id}`);
    if ((this.size + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    while (true) {
      const k = keys[i];
      if (k === id) return i;
      if (k === EMPTY) {
        keys[i] = id;
        this.size++;
        return ~i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes `id`; returns its slot or -1 when absent. */
  delete(id: number): number {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = this.home(id);
    while (true) {
      const k = keys[i];
      if (k === EMPTY) return -1;
      if (k === id) break;
      i = (i + 1) & mask;
    }
    const removed = values[i];
    keys[i] = EMPTY;
    this.size--;
    // Backward-shift: pull later entries of the probe run into the hole when their home allows it.
    let j = i;
    while (true) {
      j = (j + 1) & mask;
      const kj = keys[j];
      if (kj === EMPTY) break;
      const h = this.home(kj);
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (stays) continue;
      keys[i] = kj;
      values[i] = values[j];
      keys[j] = EMPTY;
      i = j;
    }
    return removed;
  }

  clear(): void {
    this.keys.fill(EMPTY);
    this.size = 0;
  }

  private rehash(capacity: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i], oldValues[i]);
    }
  }
}
