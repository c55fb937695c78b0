import { describe, expect, it } from 'vitest';
import { FeedPacket, LiquidityFlag, OrderEntryMessage, SessionPacket, SystemEventCode } from './codes.ts';
import { FeedPacketWriter } from './FeedPacketWriter.ts';
import { FrameReader } from './FrameReader.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSnapshotEnd,
  encodeFeedSnapshotStart,
  encodeFeedSystemEvent,
  encodeFeedTrade,
} from './marketDataCodec.ts';
import { MarketDataDecoder } from './MarketDataDecoder.ts';
import {
  FeedAddOrder,
  FeedOrderCancel,
  FeedOrderDelete,
  FeedOrderExecuted,
  FeedSnapshotEnd,
  FeedSnapshotStart,
  FeedTrade,
} from './marketDataMessages.ts';
import {
  encodeCancelOrder,
  encodeEnterOrder,
  encodeOrderAccepted,
  encodeOrderCancelled,
  encodeOrderExecuted,
  encodeOrderRejected,
  encodeOrderReplaced,
  encodeReplaceOrder,
  encodeSystemEvent,
} from './orderEntryCodec.ts';
import { OrderEntryClientDecoder, OrderEntryVenueDecoder } from './OrderEntryDecoder.ts';
import {
  CancelOrder,
  EnterOrder,
  OrderAccepted,
  OrderCancelled,
  OrderExecuted,
  OrderRejected,
  OrderReplaced,
  ReplaceOrder,
  SystemEvent,
} from './orderEntryMessages.ts';
import { wireView } from './wire.ts';
import { SEQUENCED_HEADER_LENGTH, UNSEQUENCED_HEADER_LENGTH, writeSequencedHeader, writeUnsequencedHeader } from './sessionPackets.ts';

/**
 * The hot path allocates nothing: one cycle encodes every message type of both protocols into one
 * preallocated buffer, splits it into frames (cut into socket-sized chunks, so some frames straddle
 * chunks) and decodes every frame. After warm-up, heap growth is sampled over blocks of cycles; an
 * allocation of even 8 bytes per cycle would move the heap by 80 kB per block (up, or down when a
 * scavenge falls inside the block), while the median block must stay within a few kB (the measuring call
 * itself allocates a little).
 */
describe('encode + frame + decode allocate nothing per message', () => {
  it('heap growth per 10 000 cycles of every message type is negligible', () => {
    const out = new Uint8Array(4096);
    const ov = wireView(out);
    const enter = Object.assign(new EnterOrder(), { token: 1, quantity: 100, instrument: 1, price: 5_850_000, account: 7 });
    const replace = Object.assign(new ReplaceOrder(), { existingToken: 1, replacementToken: 2, quantity: 50, price: 5_850_100 });
    const cancel = Object.assign(new CancelOrder(), { token: 2 });
    const sys = Object.assign(new SystemEvent(), { eventCode: SystemEventCode.StartOfMarketHours, originHigh: 312_000_000, originLow: 12345 });
    const acc = Object.assign(new OrderAccepted(), { token: 1, quantity: 100, instrument: 1, price: 5_850_000, account: 7, orderRef: 1001 });
    const rep = Object.assign(new OrderReplaced(), { replacementToken: 2, previousToken: 1, quantity: 50, leavesQuantity: 50, price: 5_850_100, orderRef: 1002 });
    const exe = Object.assign(new OrderExecuted(), { token: 2, quantity: 50, price: 5_850_100, liquidity: LiquidityFlag.Removed, matchNumber: 9 });
    const can = Object.assign(new OrderCancelled(), { token: 2, quantity: 10, reason: 102 });
    const rej = Object.assign(new OrderRejected(), { token: 3, requestType: OrderEntryMessage.EnterOrder, reason: 6 });
    const add = Object.assign(new FeedAddOrder(), { instrument: 1, orderRef: 1001, quantity: 100, price: 5_850_000 });
    const fex = Object.assign(new FeedOrderExecuted(), { instrument: 1, orderRef: 1001, quantity: 10, matchNumber: 9 });
    const fca = Object.assign(new FeedOrderCancel(), { instrument: 1, orderRef: 1001, quantity: 10 });
    const fde = Object.assign(new FeedOrderDelete(), { instrument: 1, orderRef: 1001 });
    const ftr = Object.assign(new FeedTrade(), { instrument: 1, quantity: 5, price: 5_850_050, matchNumber: 10 });
    const fss = Object.assign(new FeedSnapshotStart(), { instrument: 1, sequence: 5, orderCount: 1 });
    const fse = Object.assign(new FeedSnapshotEnd(), { instrument: 1, sequence: 5 });
    const writer = new FeedPacketWriter();
    const reader = new FrameReader();
    const venue = new OrderEntryVenueDecoder(reader.errors);
    const client = new OrderEntryClientDecoder(reader.errors);
    const md = new MarketDataDecoder(reader.errors);
    let sink = 0;

    const cycle = (i: number): void => {
      enter.token = i;
      enter.price = 5_850_000 + (i & 255);
      acc.timestampNs = exe.timestampNs = add.timestampNs = i * 1000;
      exe.matchNumber = fex.matchNumber = i;
      let n = 0;
      n += writeUnsequencedHeader(ov, n, encodeEnterOrder(ov, n + UNSEQUENCED_HEADER_LENGTH, enter));
      n += writeUnsequencedHeader(ov, n, encodeReplaceOrder(ov, n + UNSEQUENCED_HEADER_LENGTH, replace));
      n += writeUnsequencedHeader(ov, n, encodeCancelOrder(ov, n + UNSEQUENCED_HEADER_LENGTH, cancel));
      n += writeSequencedHeader(ov, n, i * 6 + 1, encodeSystemEvent(ov, n + SEQUENCED_HEADER_LENGTH, sys));
      n += writeSequencedHeader(ov, n, i * 6 + 2, encodeOrderAccepted(ov, n + SEQUENCED_HEADER_LENGTH, acc));
      n += writeSequencedHeader(ov, n, i * 6 + 3, encodeOrderReplaced(ov, n + SEQUENCED_HEADER_LENGTH, rep));
      n += writeSequencedHeader(ov, n, i * 6 + 4, encodeOrderExecuted(ov, n + SEQUENCED_HEADER_LENGTH, exe));
      n += writeSequencedHeader(ov, n, i * 6 + 5, encodeOrderCancelled(ov, n + SEQUENCED_HEADER_LENGTH, can));
      n += writeSequencedHeader(ov, n, i * 6 + 6, encodeOrderRejected(ov, n + SEQUENCED_HEADER_LENGTH, rej));
      writer.begin(ov, n, FeedPacket.SequencedData, i * 6 + 1);
      writer.commit(encodeFeedSystemEvent(ov, writer.messageOffset, sys));
      writer.commit(encodeFeedAddOrder(ov, writer.messageOffset, add));
      writer.commit(encodeFeedOrderExecuted(ov, writer.messageOffset, fex));
      writer.commit(encodeFeedOrderCancel(ov, writer.messageOffset, fca));
      writer.commit(encodeFeedOrderDelete(ov, writer.messageOffset, fde));
      writer.commit(encodeFeedTrade(ov, writer.messageOffset, ftr));
      n += writer.end();
      writer.begin(ov, n, FeedPacket.Snapshot, 5);
      writer.commit(encodeFeedSnapshotStart(ov, writer.messageOffset, fss));
      writer.commit(encodeFeedAddOrder(ov, writer.messageOffset, add));
      writer.commit(encodeFeedSnapshotEnd(ov, writer.messageOffset, fse));
      n += writer.end();

      // Deliver in chunks of 100 bytes (frames straddle chunks) and decode every frame. The chunks are
      // ranges of one buffer, as with net.Socket's `onread` static buffer; a fresh Buffer per read (the
      // default 'data' event) would cost one DataView per read on top of Node's own Buffer.
      for (let at = 0; at < n; at += 100) {
        reader.push(out, at, Math.min(n, at + 100));
        while (reader.next()) {
          // One stream carrying both protocols here: tell them apart by the packet type.
          const p = reader.view.getUint8(reader.start);
          if (p === FeedPacket.SequencedData || p === FeedPacket.Snapshot) {
            if (md.decodePacket(reader.view, reader.start, reader.end) !== 0) for (let t = md.nextMessage(); t !== 0; t = md.nextMessage()) sink += t;
          } else if (p === SessionPacket.UnsequencedData) sink += venue.decode(reader.view, reader.start, reader.end);
          else sink += client.decode(reader.view, reader.start, reader.end);
        }
      }
    };

    for (let i = 1; i <= 30_000; i++) cycle(i); // warm-up: JIT, carry growth
    expect(reader.errors.total).toBe(0);
    const deltas: number[] = [];
    let i = 30_001;
    for (let block = 0; block < 10; block++) {
      const before = process.memoryUsage().heapUsed;
      for (let k = 0; k < 10_000; k++) cycle(i++);
      deltas.push(process.memoryUsage().heapUsed - before);
    }
    // An allocating loop shows in every block: as growth, or as a drop where a scavenge fell inside it.
    // 17 messages + 11 frames per cycle; 8 B/cycle would be ±80 000 B per block.
    const sizes = deltas.map(Math.abs).sort((a, b) => a - b);
    expect(sizes[sizes.length >> 1], `heap deltas per block: ${deltas.join(', ')}`).toBeLessThan(8_000);
    expect(sizes.filter((d) => d > 64_000).length, `heap deltas per block: ${deltas.join(', ')}`).toBeLessThanOrEqual(1);
    expect(reader.errors.total).toBe(0);
    expect(sink).not.toBe(0);
    expect(md.addOrder.orderRef).toBe(1001);
    expect(client.executed.matchNumber).toBe(i - 1);
  });
});
