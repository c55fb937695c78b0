/**
 * One side of a book as a sorted array of prices with a parallel value per price, best price last.
 * Most book activity is near the touch, so lookups scan from the best end first and fall back to binary
 * search, and inserts/removals near the touch move only the few entries between them and the touch.
 * Keys are stored ascending as `price` for bids and `-price` for asks, so "best" is always the last entry.
 * Growth doubles the arrays (amortized; never per event once warmed up).
 */
export class PriceLadder {
  count = 0;
  private keys: Float64Array;
  private values: Float64Array;
  private readonly sign: 1 | -1;

  constructor(
    /** 1 for bids (best = highest price), -1 for asks (best = lowest price). */
    readonly side: 1 | -1,
    initialCapacity = 64,
  ) {
    this.sign = side;
    this.keys = new Float64Array(initialCapacity);
    this.values = new Float64Array(initialCapacity);
  }

  /** Position of `price` in storage order, or -(insertion point) - 1 when absent. */
  find(price: number): number {
    const key = this.sign * price;
    const keys = this.keys;
    let hi = this.count - 1;
    // Near the touch: a short linear scan beats binary search.
    const stop = hi - 8 < 0 ? 0 : hi - 8;
    for (; hi >= stop; hi--) {
      const k = keys[hi];
      if (k === key) return hi;
      if (k < key) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  /** Value stored at `price`, or `missing` when the price is absent. */
  get(price: number, missing = 0): number {
    const i = this.find(price);
    return i >= 0 ? this.values[i] : missing;
  }

  /** Sets the value at `price`, inserting the price if absent. Returns the storage position. */
  set(price: number, value: number): number {
    const i = this.find(price);
    if (i >= 0) {
      this.values[i] = value;
      return i;
    }
    const pos = -i - 1;
    this.insertAt(pos, price, value);
    return pos;
  }

  /** Removes `price` if present; returns whether it was. */
  delete(price: number): boolean {
    const i = this.find(price);
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }

  insertAt(pos: number, price: number, value: number): void {
    if (this.count === this.keys.length) this.grow();
    const n = this.count;
    const keys = this.keys;
    const values = this.values;
    if (n - pos <= 32) {
      // Near the touch a plain loop beats the call overhead of copyWithin.
      for (let j = n; j > pos; j--) {
        keys[j] = keys[j - 1];
        values[j] = values[j - 1];
      }
    } else {
      keys.copyWithin(pos + 1, pos, n);
      values.copyWithin(pos + 1, pos, n);
    }
    keys[pos] = this.sign * price;
    values[pos] = value;
    this.count = n + 1;
  }

  removeAt(pos: number): void {
    const n = this.count - 1;
    if (n - pos <= 32) {
      const keys = this.keys;
      const values = this.values;
      for (let j = pos; j < n; j++) {
        keys[j] = keys[j + 1];
        values[j] = values[j + 1];
      }
    } else {
      this.keys.copyWithin(pos, pos + 1, n + 1);
      this.values.copyWithin(pos, pos + 1, n + 1);
    }
    this.count = n;
  }

  /** Price at storage position `pos`. */
  priceAtPos(pos: number): number {
    return this.sign * this.keys[pos];
  }

  valueAtPos(pos: number): number {
    return this.values[pos];
  }

  setValueAtPos(pos: number, value: number): void {
    this.values[pos] = value;
  }

  /** Price of the `rank`-th best level (0 = best). Caller checks rank < count. */
  priceAt(rank: number): number {
    return this.sign * this.keys[this.count - 1 - rank];
  }

  valueAt(rank: number): number {
    return this.values[this.count - 1 - rank];
  }

  /** Storage position of the `rank`-th best level. */
  posOfRank(rank: number): number {
    return this.count - 1 - rank;
  }

  /** Rank (0 = best) of storage position `pos`. */
  rankOfPos(pos: number): number {
    return this.count - 1 - pos;
  }

  /**
   * Copies the best `n` levels (best first) into `prices` and `values`; returns how many were present.
   * Entries past that are left untouched.
   */
  copyTop(n: number, prices: Float64Array, values: Float64Array): number {
    const count = this.count;
    const present = n < count ? n : count;
    const keys = this.keys;
    const vals = this.values;
    const sign = this.sign;
    for (let r = 0, pos = count - 1; r < present; r++, pos--) {
      prices[r] = sign * keys[pos];
      values[r] = vals[pos];
    }
    return present;
  }

  /** True when `a` is at least as good a price as `b` on this side. */
  atLeastAsGood(a: number, b: number): boolean {
    return this.sign * a >= this.sign * b;
  }

  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
