/**
 * Growing the typed-array pools that hot paths keep instead of objects (order books, the matching engine,
 * the simulator's scheduler and market, the backtest venue, own orders). Called only when a pool is full,
 * so the copy is amortised over the doubling.
 */

/** `to` with `from` copied into its start (`to` at least as long). */
export function grow<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** A Float64Array of length `n` starting with `a`'s values. */
export function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** An Int32Array of length `n` starting with `a`'s values. */
export function growI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Links slots [from, to) into a free list through `next`, ahead of `head`; returns the new head. */
export function chainFree(next: Int32Array, from: number, to: number, head: number): number {
  for (let i = to - 1; i >= from; i--) {
    next[i] = head;
    head = i;
  }
  return head;
}
