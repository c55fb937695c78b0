/**
 * The venue's retransmission store: every sequenced packet it sent, as the exact frame bytes, in a byte
 * ring of fixed size with a ring of packet records (first sequence number, message count, offset,
 * length). Bounded memory by construction: when the ring is full the oldest packets are evicted and
 * `oldestSeq` moves up; a request for an evicted number is answered some other way (market data: a
 * snapshot; order entry: the login is refused). Appending copies the frame once; reading hands out the
 * stored bytes (`bytes[start, start + length)`), which stay valid until `capacityBytes` more bytes
 * have been appended.
 */
export class PacketStore {
  readonly bytes: Uint8Array;
  private readonly firstSeq: Float64Array;
  private readonly count: Int32Array;
  private readonly offset: Int32Array;
  private readonly length: Int32Array;
  private readonly timeNs: Float64Array;
  private readonly mask: number;
  /** Logical indices of the oldest and one past the newest packet record. */
  private head = 0;
  private tail = 0;
  /** Next byte offset to write at. */
  private writeAt = 0;
  /** Packets evicted so far. */
  evicted = 0;

  constructor(
    readonly capacityBytes: number,
    /** Packet records kept (rounded up to a power of two). */
    maxPackets: number,
  ) {
    if (!(capacityBytes >= 65_536 + 2)) throw new RangeError(`a packet store needs room for one 64 KiB frame, got ${capacityBytes} bytes`);
    let n = 1;
    while (n < maxPackets) n *= 2;
    this.mask = n - 1;
    this.bytes = new Uint8Array(capacityBytes);
    this.firstSeq = new Float64Array(n);
    this.count = new Int32Array(n);
    this.offset = new Int32Array(n);
    this.length = new Int32Array(n);
    this.timeNs = new Float64Array(n);
  }

  /** Packets held. */
  get size(): number {
    return this.tail - this.head;
  }

  /** Sequence number of the oldest message still held (the next one to be stored when empty). */
  get oldestSeq(): number {
    return this.size === 0 ? this.nextSeq : this.firstSeq[this.head & this.mask];
  }

  /** One past the last sequence number stored. */
  nextSeq = 1;

  /** Stores a frame of `count` sequenced messages starting at `firstSeq`; returns the stored offset. */
  append(firstSeq: number, count: number, src: Uint8Array, start: number, end: number, timeNs: number): number {
    const n = end - start;
    if (n > this.capacityBytes) throw new RangeError(`frame of ${n} bytes exceeds the store`);
    let at = this.writeAt;
    if (at + n > this.capacityBytes) {
      // Wrap: the end of the ring [writeAt, capacity) is abandoned; the packets there are the oldest lap.
      while (this.size > 0 && this.offset[this.head & this.mask] >= this.writeAt) {
        this.head++;
        this.evicted++;
      }
      at = 0;
    }
    // Evict every packet whose bytes overlap [at, at + n), and the oldest record if the record ring is full.
    while (this.size > 0) {
      const h = this.head & this.mask;
      const o = this.offset[h];
      const overlaps = o < at + n && at < o + this.length[h];
      if (!overlaps && this.size <= this.mask) break;
      this.head++;
      this.evicted++;
    }
    this.bytes.set(start === 0 && end === src.length ? src : src.subarray(start, end), at);
    const t = this.tail & this.mask;
    this.firstSeq[t] = firstSeq;
    this.count[t] = count;
    this.offset[t] = at;
    this.length[t] = n;
    this.timeNs[t] = timeNs;
    this.tail++;
    this.writeAt = at + n;
    this.nextSeq = firstSeq + count;
    return at;
  }

  /**
   * The logical index of the packet holding sequence number `seq`, or −1 when it was evicted or not
   * stored yet. Binary search over the held records (first sequence numbers increase).
   */
  find(seq: number): number {
    if (this.size === 0 || seq < this.oldestSeq || seq >= this.nextSeq) return -1;
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firstSeq[mid & this.mask] <= seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first logical index (for iterating `[first, end)` with `packet*` accessors). */
  get first(): number {
    return this.head;
  }

  get end(): number {
    return this.tail;
  }

  packetFirstSeq(index: number): number {
    return this.firstSeq[index & this.mask];
  }

  packetCount(index: number): number {
    return this.count[index & this.mask];
  }

  packetOffset(index: number): number {
    return this.offset[index & this.mask];
  }

  packetLength(index: number): number {
    return this.length[index & this.mask];
  }

  packetTimeNs(index: number): number {
    return this.timeNs[index & this.mask];
  }
}
