import { FeedPacket } from '../protocol/codes.ts';
import { FEED_BLOCK_HEADER_LENGTH, FeedPacketWriter } from '../protocol/FeedPacketWriter.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSystemEvent,
  encodeFeedTrade,
  FEED_MAX_MESSAGE_LENGTH,
} from '../protocol/marketDataCodec.ts';
import { FeedAddOrder, FeedOrderCancel, FeedOrderDelete, FeedOrderExecuted, FeedTrade } from '../protocol/marketDataMessages.ts';
import { SystemEvent } from '../protocol/orderEntryMessages.ts';
import { wireView } from '../protocol/wire.ts';
import { PacketStore } from './PacketStore.ts';

/** Where finished Data packets go (the server writes them to the market-data clients). */
export interface FeedSink {
  /** A sequenced packet: messages [firstSeq, firstSeq + count), its frame at `bytes[start, end)` (the store's copy). */
  onFeedPacket(firstSeq: number, count: number, bytes: Uint8Array, start: number, end: number, timeNs: number): void;
}

/**
 * The venue's side of the market-data feed: one Data packet per venue event (a replayed message with
 * the book maintenance it implies, or one client request with its fills), sequence numbers from 1, every
 * packet kept in the retransmission store. Messages are encoded straight into the packet buffer from
 * reused structs; nothing is allocated per message. While `silent` (fast-forwarding a replay to its
 * start), nothing is encoded, sequenced or sent: what happens then is part of the initial book, which a
 * client learns from a snapshot.
 */
export class FeedPublisher {
  readonly writer: FeedPacketWriter;
  readonly store: PacketStore;
  silent = false;
  /** The next sequence number to assign. */
  nextSeq = 1;
  packets = 0;
  messages = 0;
  private readonly buf = new Uint8Array(65_536 + 64);
  private readonly view = wireView(this.buf);
  private open = false;
  private timeNs = 0;
  private firstSeq = 1;
  private readonly add = new FeedAddOrder();
  private readonly exec = new FeedOrderExecuted();
  private readonly cancel = new FeedOrderCancel();
  private readonly del = new FeedOrderDelete();
  private readonly trade = new FeedTrade();
  private readonly system = new SystemEvent();

  constructor(
    session: string,
    readonly instrument: number,
    private readonly sink: FeedSink,
    storeBytes = 64 << 20,
    storePackets = 1 << 20,
  ) {
    this.writer = new FeedPacketWriter(session);
    this.store = new PacketStore(storeBytes, storePackets);
    for (const m of [this.add, this.exec, this.cancel, this.del, this.trade]) m.instrument = instrument;
  }

  /** Starts the packet of one venue event at venue time `timeNs`. */
  begin(timeNs: number): void {
    if (this.open) this.end();
    this.timeNs = timeNs;
    this.open = true;
    if (this.silent) return;
    this.firstSeq = this.nextSeq;
    this.writer.begin(this.view, 0, FeedPacket.SequencedData, this.nextSeq);
  }

  /** Ends the event's packet and sends it (nothing is sent for an event that changed nothing). */
  end(): void {
    if (!this.open) return;
    this.open = false;
    if (this.silent || this.writer.count === 0) return;
    this.flushPacket();
  }

  addOrder(ref: number, side: number, quantity: number, price: number): void {
    if (!this.room()) return;
    const m = this.add;
    m.timestampNs = this.timeNs;
    m.orderRef = ref;
    m.side = side;
    m.quantity = quantity;
    m.price = price;
    this.writer.commit(encodeFeedAddOrder(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  orderExecuted(ref: number, quantity: number, matchNumber: number): void {
    if (!this.room()) return;
    const m = this.exec;
    m.timestampNs = this.timeNs;
    m.orderRef = ref;
    m.quantity = quantity;
    m.matchNumber = matchNumber;
    this.writer.commit(encodeFeedOrderExecuted(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  orderCancel(ref: number, quantity: number): void {
    if (!this.room()) return;
    const m = this.cancel;
    m.timestampNs = this.timeNs;
    m.orderRef = ref;
    m.quantity = quantity;
    this.writer.commit(encodeFeedOrderCancel(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  orderDelete(ref: number): void {
    if (!this.room()) return;
    const m = this.del;
    m.timestampNs = this.timeNs;
    m.orderRef = ref;
    this.writer.commit(encodeFeedOrderDelete(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  tradeMessage(side: number, quantity: number, price: number, matchNumber: number): void {
    if (!this.room()) return;
    const m = this.trade;
    m.timestampNs = this.timeNs;
    m.orderRef = 0;
    m.side = side;
    m.quantity = quantity;
    m.price = price;
    m.matchNumber = matchNumber;
    this.writer.commit(encodeFeedTrade(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  systemEvent(eventCode: number, originHigh: number, originLow: number): void {
    if (!this.room()) return;
    const m = this.system;
    m.timestampNs = this.timeNs;
    m.eventCode = eventCode;
    m.instrument = this.instrument;
    m.originHigh = originHigh;
    m.originLow = originLow;
    this.writer.commit(encodeFeedSystemEvent(this.view, this.writer.messageOffset, m));
    this.messages++;
  }

  /** False while silent; splits an event too large for one packet (65 535 bytes) into several. */
  private room(): boolean {
    if (!this.open) throw new Error('feed message outside begin()/end()');
    if (this.silent) return false;
    if (this.writer.room < FEED_MAX_MESSAGE_LENGTH + FEED_BLOCK_HEADER_LENGTH) {
      this.flushPacket();
      this.firstSeq = this.nextSeq;
      this.writer.begin(this.view, 0, FeedPacket.SequencedData, this.nextSeq);
    }
    return true;
  }

  private flushPacket(): void {
    const count = this.writer.count;
    const n = this.writer.end();
    const at = this.store.append(this.firstSeq, count, this.buf, 0, n, this.timeNs);
    this.nextSeq = this.firstSeq + count;
    this.packets++;
    this.sink.onFeedPacket(this.firstSeq, count, this.store.bytes, at, at + n, this.timeNs);
  }
}
