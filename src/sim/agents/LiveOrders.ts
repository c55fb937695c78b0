/**
 * The ids of an agent's orders it believes are working at the venue: added when it sends a limit order,
 * removed when it sends the cancel or hears that the order ended (filled, cancelled, rejected). Agents hold
 * a handful of orders, so a dense array with linear search beats any map; growth doubles.
 */
export class LiveOrders {
  count = 0;
  private ids = new Float64Array(8);

  add(id: number): void {
    if (this.count === this.ids.length) {
      const next = new Float64Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.count++] = id;
  }

  /** Removes `id` if present (swap with the last); returns whether it was there. */
  remove(id: number): boolean {
    const ids = this.ids;
    for (let i = 0; i < this.count; i++) {
      if (ids[i] === id) {
        ids[i] = ids[--this.count];
        return true;
      }
    }
    return false;
  }

  has(id: number): boolean {
    for (let i = 0; i < this.count; i++) if (this.ids[i] === id) return true;
    return false;
  }

  /** The `i`-th id (0 ≤ i < count; order is arbitrary). */
  at(i: number): number {
    return this.ids[i];
  }
}
