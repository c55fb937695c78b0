import { chainFree, growF64, growI32 } from '../core/typedArrays.ts';

const NONE = -1;
/**
 * Module constant, not the global `Infinity`: a never-taken branch reading a global leaves TurboFan
 * without feedback, and the merge with the float64 branch then boxes every time read (an allocation).
 */
const EMPTY_TIME = Number.POSITIVE_INFINITY;

/** Wheel bucket width: 2^20 ns (≈ 1 ms). A power of two, so `time * INV_WIDTH` is exact. */
const INV_WIDTH = 2 ** -20;
/** Wheel buckets (a power of two): the wheel covers 2^34 ns (≈ 17 s) ahead of the current bucket. */
const BUCKETS = 1 << 14;
const MASK = BUCKETS - 1;
const WORDS = BUCKETS >> 5;

/**
 * The simulator's timeline: entries (time, target, tag) come out by time, and entries at the same
 * nanosecond in the order they were pushed, so the order of a run is a pure function of the pushes:
 * deterministic. `target` and `tag` are opaque integers for the owner (AgentMarket: a wake-up of agent
 * `target` with `tag`, or the arrival of in-flight message `target`).
 *
 * Layout (all typed arrays; nothing is allocated per entry once the pools have grown to the working set):
 * - Entries live in a pool with their time and `seq`, a push counter: entries are ordered by (time, seq).
 * - A *run* is a chain of entries pushed one right after the other at the same time (an agent sending
 *   several orders in one decision). Nothing can sort between two of them (equal time, consecutive seq),
 *   so a push that continues the last push's run is appended to its chain, and popping an entry whose run
 *   goes on puts the next entry in its place: neither touches the structures below. A run is held by its
 *   first waiting entry (its *node*).
 * - Nodes due within 2^34 ns of the current bucket sit in a timing wheel of 16384 buckets of 2^20 ns, each
 *   a list sorted by (time, seq), with a bitmap of the non-empty buckets; the first non-empty bucket from
 *   the current one holds the wheel's earliest node. Almost all entries (order messages, wake-ups but
 *   the longest) go there: O(1) push and pop.
 * - Nodes further ahead (or, for a generic caller, behind the current bucket) go to a binary min-heap on
 *   (time, seq). Pop takes the earlier of the wheel's and the heap's first node, so nothing needs to move
 *   from the heap to the wheel as time advances.
 */
export class EventScheduler {
  /** Entries waiting. */
  size = 0;
  /** Fields of the entry removed by the last pop(). */
  poppedTime = 0;
  poppedTarget = 0;
  poppedTag = 0;

  // Entry pool: time, seq, payload, next entry of the same run (also the free list), next node of a bucket.
  private eTime: Float64Array;
  private eSeq: Float64Array;
  private eTarget: Int32Array;
  private eTag: Int32Array;
  private eNext: Int32Array;
  private eLink: Int32Array;
  private free = NONE;

  // Timing wheel: first node per bucket, non-empty bitmap, node count, absolute number of the current bucket.
  private readonly head = new Int32Array(BUCKETS).fill(NONE);
  private readonly bits = new Int32Array(WORDS);
  private wheelNodes = 0;
  private curAbs = 0;
  /** The bucket first() found the wheel's earliest node in. */
  private firstB = 0;

  // Heap of the other nodes: time, seq and entry of each.
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hEntry: Int32Array;
  private heapNodes = 0;

  private pushes = 0;
  /** The last entry pushed while it is still waiting (NONE once popped), and its time. */
  private lastEntry = NONE;
  private lastTime = 0;

  constructor(initialCapacity = 256) {
    const n = Math.max(4, initialCapacity);
    this.eTime = new Float64Array(n);
    this.eSeq = new Float64Array(n);
    this.eTarget = new Int32Array(n);
    this.eTag = new Int32Array(n);
    this.eNext = new Int32Array(n);
    this.eLink = new Int32Array(n);
    this.free = chainFree(this.eNext, 0, n, NONE);
    this.hTime = new Float64Array(64);
    this.hSeq = new Float64Array(64);
    this.hEntry = new Int32Array(64);
  }

  /** Time of the earliest entry; +Infinity when empty. */
  peekTime(): number {
    if (this.size === 0) return EMPTY_TIME;
    const e = this.first();
    return e === NONE ? this.hTime[0] : this.eTime[e];
  }

  push(timeNs: number, target: number, tag: number): void {
    if (this.free === NONE) this.growEntries();
    const e = this.free;
    this.free = this.eNext[e];
    const s = this.pushes++;
    this.eTime[e] = timeNs;
    this.eSeq[e] = s;
    this.eTarget[e] = target;
    this.eTag[e] = tag;
    this.eNext[e] = NONE;
    this.size++;
    const last = this.lastEntry;
    this.lastEntry = e;
    if (last !== NONE && this.lastTime === timeNs) {
      // Continues the previous push's run: it comes out right after it.
      this.eNext[last] = e;
      return;
    }
    this.lastTime = timeNs;
    const abs = Math.floor(timeNs * INV_WIDTH);
    if (this.wheelNodes === 0) this.curAbs = abs;
    const ahead = abs - this.curAbs;
    if (ahead >= 0 && ahead < BUCKETS) this.insertInWheel(e, timeNs, (abs >>> 0) & MASK);
    else this.heapPush(e, timeNs, s);
  }

  /** Removes the earliest entry into poppedTime/poppedTarget/poppedTag; returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    this.take(this.first());
    return true;
  }

  /**
   * pop() if the earliest entry is due at or before `endNs`; otherwise (or when empty) removes nothing
   * and returns false. The event loop's step: one search for the earliest entry, not two.
   */
  popUntil(endNs: number): boolean {
    if (this.size === 0) return false;
    const e = this.first();
    if ((e === NONE ? this.hTime[0] : this.eTime[e]) > endNs) return false;
    this.take(e);
    return true;
  }

  /**
   * The earliest node when it is in the wheel, or NONE when it is the heap's root (size > 0).
   * Compares the wheel's first node with the heap's root by (time, seq).
   */
  private first(): number {
    if (this.wheelNodes === 0) return NONE;
    const b = this.firstBucket();
    this.firstB = b;
    const e = this.head[b];
    if (this.heapNodes > 0) {
      const t = this.eTime[e];
      const ht = this.hTime[0];
      if (ht < t || (ht === t && this.hSeq[0] < this.eSeq[e])) return NONE;
    }
    return e;
  }

  /** Pops node `e` of the wheel (the earliest entry, in bucket firstB), or the heap's root when `e` is NONE. */
  private take(e: number): void {
    let node: number;
    let time: number;
    if (e !== NONE) {
      node = e;
      time = this.eTime[e];
      const b = this.firstB;
      const next = this.eNext[e];
      if (next !== NONE) {
        // The run goes on: its next entry takes the node's place at the head of the bucket.
        this.eLink[next] = this.eLink[e];
        this.head[b] = next;
      } else {
        const after = this.eLink[e];
        this.head[b] = after;
        if (after === NONE) this.bits[b >> 5] &= ~(1 << (b & 31));
        this.wheelNodes--;
      }
    } else {
      node = this.hEntry[0];
      time = this.hTime[0];
      const next = this.eNext[node];
      if (next !== NONE) {
        // The run goes on: its next entry is still the earliest of the heap.
        this.hEntry[0] = next;
        this.hSeq[0] = this.eSeq[next];
      } else this.heapPopRoot();
    }
    // Every waiting node is at or after `time`: the wheel may start at its bucket.
    const abs = Math.floor(time * INV_WIDTH);
    if (abs > this.curAbs) this.curAbs = abs;
    this.poppedTime = time;
    this.poppedTarget = this.eTarget[node];
    this.poppedTag = this.eTag[node];
    this.size--;
    if (node === this.lastEntry) this.lastEntry = NONE;
    this.eNext[node] = this.free;
    this.free = node;
  }

  /** Index of the first non-empty bucket from the current one, cyclically (the wheel is not empty). */
  private firstBucket(): number {
    const bits = this.bits;
    const start = (this.curAbs >>> 0) & MASK;
    let w = start >> 5;
    let word = bits[w] & (-1 << (start & 31));
    while (word === 0) {
      w = (w + 1) & (WORDS - 1);
      word = bits[w];
    }
    return (w << 5) + 31 - Math.clz32(word & -word);
  }

  /** Inserts node `e` into bucket `b` after every node at or before its time (seq is the largest yet). */
  private insertInWheel(e: number, timeNs: number, b: number): void {
    const eTime = this.eTime;
    const eLink = this.eLink;
    this.wheelNodes++;
    let p = this.head[b];
    if (p === NONE || eTime[p] > timeNs) {
      eLink[e] = p;
      this.head[b] = e;
      this.bits[b >> 5] |= 1 << (b & 31);
      return;
    }
    let q = eLink[p];
    while (q !== NONE && eTime[q] <= timeNs) {
      p = q;
      q = eLink[q];
    }
    eLink[p] = e;
    eLink[e] = q;
  }

  private heapPush(e: number, timeNs: number, s: number): void {
    if (this.heapNodes === this.hTime.length) this.growHeap();
    const time = this.hTime;
    const seq = this.hSeq;
    const entry = this.hEntry;
    // Sift the hole up from the end, then write the node once.
    let i = this.heapNodes++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p];
      if (pt < timeNs || (pt === timeNs && seq[p] < s)) break;
      time[i] = pt;
      seq[i] = seq[p];
      entry[i] = entry[p];
      i = p;
    }
    time[i] = timeNs;
    seq[i] = s;
    entry[i] = e;
  }

  /** Removes the heap's root: the last node moves into the hole and sifts down. */
  private heapPopRoot(): void {
    const n = --this.heapNodes;
    if (n === 0) return;
    const time = this.hTime;
    const seq = this.hSeq;
    const entry = this.hEntry;
    const lt = time[n];
    const ls = seq[n];
    const le = entry[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = time[c];
      let cs = seq[c];
      const r = c + 1;
      if (r < n) {
        const rt = time[r];
        if (rt < ct || (rt === ct && seq[r] < cs)) {
          c = r;
          ct = rt;
          cs = seq[r];
        }
      }
      if (lt < ct || (lt === ct && ls < cs)) break;
      time[i] = ct;
      seq[i] = cs;
      entry[i] = entry[c];
      i = c;
    }
    time[i] = lt;
    seq[i] = ls;
    entry[i] = le;
  }

  private growHeap(): void {
    const n = this.hTime.length * 2;
    this.hTime = growF64(this.hTime, n);
    this.hSeq = growF64(this.hSeq, n);
    this.hEntry = growI32(this.hEntry, n);
  }

  private growEntries(): void {
    const old = this.eTarget.length;
    const n = old * 2;
    this.eTime = growF64(this.eTime, n);
    this.eSeq = growF64(this.eSeq, n);
    this.eTarget = growI32(this.eTarget, n);
    this.eTag = growI32(this.eTag, n);
    this.eNext = growI32(this.eNext, n);
    this.eLink = growI32(this.eLink, n);
    this.free = chainFree(this.eNext, old, n, this.free);
  }
}

