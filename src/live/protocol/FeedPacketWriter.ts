import { FEED_END_OF_SESSION_COUNT, FEED_HEARTBEAT_COUNT, FeedPacket } from './codes.ts';
import { badValue } from './fieldValues.ts';
import { FRAME_PREFIX_LENGTH, MAX_FRAME_BODY } from './FrameReader.ts';
import type { RetransmitRequest, SnapshotRequest } from './marketDataMessages.ts';
import { checkRoom, getU64, isPrintable, isPrintableAt, putU16, putU64, readBytes, setText, wireView, writeBytes } from './wire.ts';

/**
 * Market-data packets, in the spirit of MoldUDP64 carried over TCP: a frame (u16 length) whose body is
 * the packet type, the MoldUDP64 header (session, sequence number of the first message, message count)
 * and `count` message blocks (u16 length + message). Data packets ('D') are sequenced: block i carries
 * sequence number `sequence + i`. Snapshot packets ('P') share the layout; their messages are not
 * sequenced and the header's sequence is the one the snapshot is consistent with.
 */

export const FEED_SESSION_LENGTH = 10;
/** Frame bytes before the first block: length, type, session, sequence, count. */
export const FEED_PACKET_HEADER_LENGTH = 23;
/** Bytes before each message within a packet (its u16 length). */
export const FEED_BLOCK_HEADER_LENGTH = 2;
export const RETRANSMIT_REQUEST_FRAME_LENGTH = 23;
export const SNAPSHOT_REQUEST_FRAME_LENGTH = 5;
/** The longest frame body a market-data client may send (Retransmit Request): the venue reader's `maxFrameBody`. */
export const MAX_CLIENT_MARKET_DATA_BODY = 21;
/** The largest count a packet may carry (0xFFFF marks the end of the session). */
const MAX_COUNT = FEED_END_OF_SESSION_COUNT - 1;

/**
 * Builds one packet at a time into a caller's buffer, allocation-free:
 * ```
 * w.begin(view, 0, FeedPacket.SequencedData, nextSeq);             // view = wireView(sendBuffer), made once
 * w.commit(encodeFeedAddOrder(view, w.messageOffset, add));        // repeat while w.room ≥ the next length
 * const n = w.end();                                               // frame length; send sendBuffer[0, n)
 * ```
 */
export class FeedPacketWriter {
  /** The session name, right-aligned and space padded (as in SoupBinTCP / MoldUDP64): read it, set it with `setSession`. */
  readonly session = new Uint8Array(FEED_SESSION_LENGTH).fill(0x20);
  // The session as three big-endian words, written per packet without a byte loop.
  private s0 = 0x20202020;
  private s1 = 0x20202020;
  private s2 = 0x2020;
  view: DataView = new DataView(new ArrayBuffer(0));
  /** Messages committed to the current packet. */
  count = 0;
  private start = 0;
  private pos = 0;
  private limit = 0;
  private open = false;

  constructor(session = '') {
    this.setSession(session);
  }

  /** Names the session (≤ 10 printable ASCII characters, right-aligned); a restarted venue takes a new name. */
  setSession(name: string): void {
    setText(this.session, name, true);
    const v = wireView(this.session);
    this.s0 = v.getUint32(0);
    this.s1 = v.getUint32(4);
    this.s2 = v.getUint16(8);
  }

  /** Starts a packet at byte `o` of `v`; `sequence` is the first message's (Data) or the snapshot's (Snapshot). */
  begin(v: DataView, o: number, packetType: number, sequence: number): void {
    if (packetType !== FeedPacket.SequencedData && packetType !== FeedPacket.Snapshot) throw badValue('packetType', packetType);
    checkRoom(v, o, FEED_PACKET_HEADER_LENGTH);
    this.view = v;
    this.start = o;
    v.setUint8(o + 2, packetType);
    v.setUint32(o + 3, this.s0);
    v.setUint32(o + 7, this.s1);
    v.setUint16(o + 11, this.s2);
    putU64(v, o + 13, sequence, 'sequence');
    this.pos = o + FEED_PACKET_HEADER_LENGTH;
    this.limit = Math.min(v.byteLength, o + FRAME_PREFIX_LENGTH + MAX_FRAME_BODY);
    this.count = 0;
    this.open = true;
  }

  /** Where to encode the next message. */
  get messageOffset(): number {
    return this.pos + FEED_BLOCK_HEADER_LENGTH;
  }

  /** The longest message that still fits this packet (buffer end and the 65535-byte frame limit). */
  get room(): number {
    return this.count >= MAX_COUNT ? 0 : Math.max(0, this.limit - this.pos - FEED_BLOCK_HEADER_LENGTH);
  }

  /** Adds the message of `length` bytes just encoded at `messageOffset`. */
  commit(length: number): void {
    if (!this.open) throw new RangeError('commit() outside begin()/end()');
    if (!(length > 0 && length <= this.room)) throw new RangeError(`message of ${length} bytes does not fit the packet (room ${this.room})`);
    putU16(this.view, this.pos, length, 'length');
    this.pos += FEED_BLOCK_HEADER_LENGTH + length;
    this.count++;
  }

  /** Completes the packet (count and frame length); returns its frame length. */
  end(): number {
    return this.finish(this.count);
  }

  /** Writes a whole heartbeat packet (count 0; `nextSequence` = the next message's number). */
  heartbeat(v: DataView, o: number, nextSequence: number): number {
    this.begin(v, o, FeedPacket.SequencedData, nextSequence);
    return this.finish(FEED_HEARTBEAT_COUNT);
  }

  /** Writes the end-of-session packet (count 0xFFFF; `nextSequence` = one past the last message). */
  endOfSession(v: DataView, o: number, nextSequence: number): number {
    this.begin(v, o, FeedPacket.SequencedData, nextSequence);
    return this.finish(FEED_END_OF_SESSION_COUNT);
  }

  private finish(count: number): number {
    if (!this.open) throw new RangeError('end() without begin()');
    const v = this.view;
    putU16(v, this.start + 21, count, 'count');
    const length = this.pos - this.start;
    putU16(v, this.start, length - FRAME_PREFIX_LENGTH, 'length');
    this.open = false;
    return length;
  }
}

export function writeRetransmitRequestFrame(v: DataView, o: number, m: RetransmitRequest): number {
  checkRoom(v, o, RETRANSMIT_REQUEST_FRAME_LENGTH);
  if (!isPrintable(m.session)) throw new RangeError('field "session" is not printable ASCII');
  putU16(v, o, RETRANSMIT_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH, 'length');
  v.setUint8(o + 2, FeedPacket.RetransmitRequest);
  writeBytes(v, o + 3, m.session);
  putU64(v, o + 13, m.sequence, 'sequence');
  putU16(v, o + 21, m.count, 'count');
  return RETRANSMIT_REQUEST_FRAME_LENGTH;
}

/** `o`: the packet type's offset (frame body start). */
export function readRetransmitRequest(v: DataView, o: number, m: RetransmitRequest): string {
  let bad = '';
  if (!isPrintableAt(v, o + 1, FEED_SESSION_LENGTH)) bad = 'session';
  readBytes(v, o + 1, m.session);
  m.sequence = getU64(v, o + 11);
  if (m.sequence < 0 && bad === '') bad = 'sequence';
  m.count = v.getUint16(o + 19);
  return bad;
}

export function writeSnapshotRequestFrame(v: DataView, o: number, m: SnapshotRequest): number {
  checkRoom(v, o, SNAPSHOT_REQUEST_FRAME_LENGTH);
  putU16(v, o, SNAPSHOT_REQUEST_FRAME_LENGTH - FRAME_PREFIX_LENGTH, 'length');
  v.setUint8(o + 2, FeedPacket.SnapshotRequest);
  putU16(v, o + 3, m.instrument, 'instrument');
  return SNAPSHOT_REQUEST_FRAME_LENGTH;
}

export function readSnapshotRequest(v: DataView, o: number, m: SnapshotRequest): string {
  m.instrument = v.getUint16(o + 1);
  return '';
}
