/**
 * The simulator's timeline: a binary min-heap of (time, seq, target, tag) entries in parallel typed
 * arrays. Entries come out by time, and entries at the same nanosecond in the order they were pushed
 * (`seq` is a push counter), so the order of a run is a pure function of the pushes: deterministic.
 *
 * `target` and `tag` are opaque integers for the owner (AgentMarket: a wake-up of agent `target` with
 * `tag`, or the arrival of in-flight message `target`). Pushing and popping allocate nothing once the
 * arrays have grown to the working set (growth doubles).
 */
export class EventScheduler {
  size = 0;
  /** Fields of the entry removed by the last pop(). */
  poppedTime = 0;
  poppedTarget = 0;
  poppedTag = 0;

  private time: Float64Array;
  private seq: Float64Array;
  private target: Int32Array;
  private tag: Int32Array;
  private pushes = 0;

  constructor(initialCapacity = 256) {
    const n = Math.max(4, initialCapacity);
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.target = new Int32Array(n);
    this.tag = new Int32Array(n);
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  push(timeNs: number, target: number, tag: number): void {
    if (this.size === this.time.length) this.grow();
    const s = this.pushes++;
    const time = this.time;
    const seq = this.seq;
    // Sift the hole up from the end, then write the entry once.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p];
      if (pt < timeNs || (pt === timeNs && seq[p] < s)) break;
      time[i] = pt;
      seq[i] = seq[p];
      this.target[i] = this.target[p];
      this.tag[i] = this.tag[p];
      i = p;
    }
    time[i] = timeNs;
    seq[i] = s;
    this.target[i] = target;
    this.tag[i] = tag;
  }

  /** Removes the earliest entry into poppedTime/poppedTarget/poppedTag; returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const time = this.time;
    const seq = this.seq;
    const target = this.target;
    const tag = this.tag;
    this.poppedTime = time[0];
    this.poppedTarget = target[0];
    this.poppedTag = tag[0];
    const n = --this.size;
    if (n === 0) return true;
    // Move the last entry into the root's hole and sift it down.
    const lt = time[n];
    const ls = seq[n];
    const lTarget = target[n];
    const lTag = tag[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (time[r] < time[c] || (time[r] === time[c] && seq[r] < seq[c]))) c = r;
      const ct = time[c];
      if (lt < ct || (lt === ct && ls < seq[c])) break;
      time[i] = ct;
      seq[i] = seq[c];
      target[i] = target[c];
      tag[i] = tag[c];
      i = c;
    }
    time[i] = lt;
    seq[i] = ls;
    target[i] = lTarget;
    tag[i] = lTag;
    return true;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.time = f(this.time);
    this.seq = f(this.seq);
    this.target = g(this.target);
    this.tag = g(this.tag);
  }
}
