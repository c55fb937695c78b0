import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BacktestModel } from '../../backtest/BacktestEngine.ts';
import { SeededRng } from '../../core/rng.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventFlag } from '../../data/EventType.ts';
import type { Instrument } from '../../data/Instrument.ts';
import { parseSampler } from '../../features/Sampler.ts';
import { ModelSignal } from '../../strategy/ModelSignal.ts';
import { DEFAULT_RISK_LIMITS } from '../../risk/RiskLimits.ts';
import { PreTradeRisk } from '../../risk/PreTradeRisk.ts';
import { RecordType } from '../journal/JournalRecord.ts';
import { JournalWriter } from '../journal/JournalWriter.ts';
import { sealRecord, writeOrderSentBody, writeRecordHeader } from '../journal/recordCodec.ts';
import { FeedPacket, LiquidityFlag, OrderState, TimeInForce } from '../protocol/codes.ts';
import { FeedPacketWriter } from '../protocol/FeedPacketWriter.ts';
import {
  encodeFeedAddOrder,
  encodeFeedOrderCancel,
  encodeFeedOrderDelete,
  encodeFeedOrderExecuted,
  encodeFeedSnapshotEnd,
  encodeFeedSnapshotStart,
  encodeFeedTrade,
} from '../protocol/marketDataCodec.ts';
import { FeedAddOrder, FeedOrderCancel, FeedOrderDelete, FeedOrderExecuted, FeedSnapshotEnd, FeedSnapshotStart, FeedTrade } from '../protocol/marketDataMessages.ts';
import { encodeEnterOrder, encodeOrderAccepted, encodeOrderExecuted } from '../protocol/orderEntryCodec.ts';
import { OrderEntryClientDecoder } from '../protocol/OrderEntryDecoder.ts';
import { EnterOrder, OrderAccepted, OrderExecuted } from '../protocol/orderEntryMessages.ts';
import { SEQUENCED_HEADER_LENGTH, UNSEQUENCED_HEADER_LENGTH, writeSequencedHeader, writeUnsequencedHeader } from '../protocol/sessionPackets.ts';
import { wireView } from '../protocol/wire.ts';
import { LiveStats } from './LiveStats.ts';
import { EV_PRICE, EV_SEQ, EV_SIDE, EV_SIZE, EV_TIME, EV_TYPE, MarketDataClient, type FeedListener } from './MarketDataClient.ts';

/**
 * JIT warm-up before the engine connects: the code of the hot path (feed decode, L3 book, features,
 * model, journal appends, order encode, order-entry decode) runs over a synthetic, seeded market of
 * `packets` Data packets on throwaway instances, so that V8 has optimized it before the first real
 * packet. (Trading systems on JITed runtimes do this; the alternative is paying interpreter and
 * baseline-compiler speeds on the first thousands of real packets.) The strategy and the socket writes
 * are not exercised: they cannot run without side effects. Returns the time it took.
 */
export function warmUpHotPath(instrument: Instrument, model: BacktestModel | null, packets = 20_000): number {
  const t0 = performance.now();
  const stats = new LiveStats();
  const batch = new EventBatch(1, 0n, [instrument]);
  let signal: ModelSignal | null = null;
  // eslint-disable-next-line prefer-const -- assigned after the listener that reads it
  let client: MarketDataClient;
  const dir = mkdtempSync(join(tmpdir(), 'tachyon-warmup-'));
  const journal = JournalWriter.open(join(dir, 'warmup.journal'), { policy: 'batch', batchMaxDelayNs: 3_600e9, bufferBytes: 1 << 20 });
  const enter = new EnterOrder();
  const out = new Uint8Array(256);
  const outView = wireView(out);
  const oeDec = new OrderEntryClientDecoder();
  const accepted = new OrderAccepted();
  const executed = new OrderExecuted();
  let token = 0;
  const listener: FeedListener = {
    onFeedEvent() {
      const ev = client.event;
      const seq = ev[EV_SEQ];
      const side = ev[EV_SIDE];
      const price = ev[EV_PRICE];
      batch.exchTs[0] = ev[EV_TIME];
      batch.localTs[0] = ev[EV_TIME];
      batch.type[0] = ev[EV_TYPE];
      batch.side[0] = side;
      batch.price[0] = price;
      batch.size[0] = ev[EV_SIZE];
      batch.flags[0] = EventFlag.EndOfMessage;
      batch.length = 1;
      signal?.onEvent(batch, 0);
      if ((seq & 7) !== 0) return;
      // An order's worth of journal, encode and order-entry decode.
      token++;
      journal.orderSent(seq, 1, token, side || 1, 1, price || 1_000_000, 100);
      enter.token = token;
      enter.side = side || 1;
      enter.quantity = 100;
      enter.instrument = 1;
      enter.price = price || 1_000_000;
      enter.timeInForce = TimeInForce.ImmediateOrCancel;
      enter.account = 7;
      enter.marketDataSeq = seq;
      writeUnsequencedHeader(outView, 0, encodeEnterOrder(outView, UNSEQUENCED_HEADER_LENGTH, enter));
      accepted.token = token;
      accepted.side = enter.side;
      accepted.quantity = 100;
      accepted.instrument = 1;
      accepted.price = enter.price;
      accepted.timeInForce = TimeInForce.ImmediateOrCancel;
      accepted.account = 7;
      accepted.orderRef = token;
      accepted.orderState = OrderState.Dead;
      let n = writeSequencedHeader(outView, 0, token, encodeOrderAccepted(outView, SEQUENCED_HEADER_LENGTH, accepted));
      oeDec.decode(outView, 2, n);
      journal.accepted(seq, 1, token, token, enter.price, 100);
      executed.token = token;
      executed.quantity = 100;
      executed.price = enter.price;
      executed.liquidity = LiquidityFlag.Removed;
      executed.matchNumber = token;
      n = writeSequencedHeader(outView, 0, token, encodeOrderExecuted(outView, SEQUENCED_HEADER_LENGTH, executed));
      oeDec.decode(outView, 2, n);
      journal.executed(seq, 1, token, token, token, enter.side, enter.price, 100, 0, 0.3, 1);
    },
    onFeedResync() {},
    onFeedSession() {},
    onFeedEndOfSession() {},
    sendFeedRequest() {},
    onFeedPacketHandled() {},
  };
  client = new MarketDataClient(listener, stats);
  stats.measuring = true; // exercise the recording too
  if (model !== null) signal = new ModelSignal(model.predictor, model.features, client.book, instrument.tickSize, instrument.priceScale, parseSampler(model.sampler.description));
  try {
    client.connected();
    const feed = syntheticFeed(instrument, packets);
    client.onData(feed, feed.length);
  } finally {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return performance.now() - t0;
}

/** A snapshot (empty book) and then `packets` Data packets of a seeded random market, as one byte stream. */
function syntheticFeed(instrument: Instrument, packets: number): Uint8Array {
  const rng = new SeededRng(20_261_129);
  const tick = instrument.tickSize;
  const mid = 10_000 * tick;
  const buf = new Uint8Array(128 + packets * 80);
  const view = wireView(buf);
  const w = new FeedPacketWriter('WARMUP');
  let at = 0;
  const start = new FeedSnapshotStart();
  start.instrument = 1;
  const end = new FeedSnapshotEnd();
  end.instrument = 1;
  w.begin(view, at, FeedPacket.Snapshot, 0);
  w.commit(encodeFeedSnapshotStart(view, w.messageOffset, start));
  w.commit(encodeFeedSnapshotEnd(view, w.messageOffset, end));
  at += w.end();
  const add = new FeedAddOrder();
  const exec = new FeedOrderExecuted();
  const cancel = new FeedOrderCancel();
  const del = new FeedOrderDelete();
  const trade = new FeedTrade();
  for (const m of [add, exec, cancel, del, trade]) m.instrument = 1;
  const refs: number[] = [];
  const sizes: number[] = [];
  let nextRef = 1;
  let t = 34_200e9;
  for (let seq = 1; seq <= packets; seq++) {
    t += 20e6 + rng.nextInt(10e6);
    w.begin(view, at, FeedPacket.SequencedData, seq);
    const r = rng.nextInt(100);
    if (refs.length < 40 || r < 45) {
      const side = rng.nextInt(2) === 0 ? 1 : -1;
      add.timestampNs = t;
      add.orderRef = nextRef;
      add.side = side;
      add.quantity = 100 * (1 + rng.nextInt(5));
      add.price = mid - side * (1 + rng.nextInt(10)) * tick;
      refs.push(nextRef++);
      sizes.push(add.quantity);
      w.commit(encodeFeedAddOrder(view, w.messageOffset, add));
    } else if (r < 95) {
      const k = rng.nextInt(refs.length);
      const ref = refs[k];
      const q = Math.min(sizes[k], 100);
      if (r < 70) {
        exec.timestampNs = t;
        exec.orderRef = ref;
        exec.quantity = q;
        exec.matchNumber = seq;
        w.commit(encodeFeedOrderExecuted(view, w.messageOffset, exec));
      } else if (r < 85 || sizes[k] === q) {
        del.timestampNs = t;
        del.orderRef = ref;
        w.commit(encodeFeedOrderDelete(view, w.messageOffset, del));
        sizes[k] = q;
      } else {
        cancel.timestampNs = t;
        cancel.orderRef = ref;
        cancel.quantity = q;
        w.commit(encodeFeedOrderCancel(view, w.messageOffset, cancel));
      }
      sizes[k] -= q;
      if (sizes[k] <= 0) {
        refs[k] = refs[refs.length - 1];
        sizes[k] = sizes[sizes.length - 1];
        refs.pop();
        sizes.pop();
      }
    } else {
      trade.timestampNs = t;
      trade.side = rng.nextInt(2) === 0 ? 1 : -1;
      trade.quantity = 100;
      trade.price = mid;
      trade.matchNumber = seq;
      w.commit(encodeFeedTrade(view, w.messageOffset, trade));
    }
    at += w.end();
  }
  // Delete what rests, so that the book is empty again at the end (the stream can be replayed in a cycle).
  for (let k = 0; k < refs.length; k++) {
    t += 20e6;
    w.begin(view, at, FeedPacket.SequencedData, packets + 1 + k);
    del.timestampNs = t;
    del.orderRef = refs[k];
    w.commit(encodeFeedOrderDelete(view, w.messageOffset, del));
    at += w.end();
  }
  return buf.subarray(0, at);
}

/**
 * Keeps the hot path's code and data in the CPU caches while the engine waits for the next packet.
 * Measured on this project's VM: the same packet costs ~2 µs back to back and ~45 µs after a 30 ms
 * gap, busy-waiting or not (the gap lets other work evict ~100 KB of JIT code and the engine's data).
 * Each `tick()` runs one synthetic packet through throwaway instances of the decoder, book and feature
 * pipeline (the same code), calls the real model on scratch output, reads the real book, encodes an order
 * and a journal record into scratch memory and runs a throwaway risk gate. Nothing it does is visible to
 * the strategy, the journal or the venue.
 */
export class HotPathWarmer {
  private readonly feed: Uint8Array;
  private readonly view: DataView;
  private readonly offsets: Int32Array;
  private readonly frames: number;
  private k = 0;
  private seq = 0;
  private timeNs = 34_200e9;
  private readonly client: MarketDataClient;
  private readonly signal: ModelSignal | null;
  private readonly batch: EventBatch;
  private readonly scratchOut: Float64Array;
  private readonly px = new Float64Array(10);
  private readonly sz = new Float64Array(10);
  private readonly enter = new EnterOrder();
  private readonly out = new Uint8Array(64);
  private readonly outView = wireView(this.out);
  private readonly record = new Uint8Array(64);
  private readonly recordView = wireView(this.record);
  private readonly risk = new PreTradeRisk(DEFAULT_RISK_LIMITS, 1e-4);
  private readonly riskState = { position: 0, openBuyQty: 0, openSellQty: 0, openOrders: 0, ownBestAsk: NaN, ownBestBid: NaN };
  ticks = 0;

  constructor(
    instrument: Instrument,
    private readonly model: BacktestModel | null,
    private readonly realBook: { topLevels(side: number, n: number, p: Float64Array, s: Float64Array): number },
    private readonly realFeatures: Float64Array,
  ) {
    const stream = syntheticFeed(instrument, 4096);
    // Frame offsets of the Data packets (the first frame is the snapshot).
    const offs: number[] = [];
    let at = 0;
    while (at < stream.length) {
      offs.push(at);
      at += 2 + ((stream[at] << 8) | stream[at + 1]);
    }
    this.feed = stream;
    this.view = wireView(stream);
    this.offsets = Int32Array.from(offs);
    this.frames = offs.length;
    this.batch = new EventBatch(1, 0n, [instrument]);
    const listener: FeedListener = {
      onFeedEvent: () => {
        const ev = this.client.event;
        const b = this.batch;
        b.exchTs[0] = ev[EV_TIME];
        b.localTs[0] = ev[EV_TIME];
        b.type[0] = ev[EV_TYPE];
        b.side[0] = ev[EV_SIDE];
        b.price[0] = ev[EV_PRICE];
        b.size[0] = ev[EV_SIZE];
        b.flags[0] = EventFlag.EndOfMessage;
        b.length = 1;
        this.signal?.onEvent(b, 0);
      },
      onFeedResync() {},
      onFeedSession() {},
      onFeedEndOfSession() {},
      sendFeedRequest() {},
      onFeedPacketHandled() {},
    };
    this.client = new MarketDataClient(listener, new LiveStats());
    this.signal = model ? new ModelSignal(model.predictor, model.features, this.client.book, instrument.tickSize, instrument.priceScale, parseSampler('event')) : null;
    this.scratchOut = new Float64Array(model ? model.predictor.numOutputs : 1);
    this.client.connected();
    this.client.onData(this.feed, this.offsets[1]); // the snapshot frame
    this.k = 1;
  }

  /** One synthetic packet through the hot path's code, and a read of the real book and model. */
  tick(): void {
    if (this.k >= this.frames) this.k = 1; // the stream ends with an empty book: cycle
    const o = this.offsets[this.k];
    const end = this.k + 1 < this.frames ? this.offsets[this.k + 1] : this.feed.length;
    // Continue the numbering and the clock, so the copy keeps running as a live feed would.
    const v = this.view;
    this.seq++;
    v.setUint32(o + 13, Math.floor(this.seq / 4294967296));
    v.setUint32(o + 17, this.seq >>> 0);
    this.timeNs += 20e6;
    v.setUint32(o + 28, Math.floor(this.timeNs / 4294967296));
    v.setUint32(o + 32, this.timeNs >>> 0);
    this.client.onBytes(this.feed, o, end);
    this.k++;
    this.realBook.topLevels(1, 10, this.px, this.sz);
    this.realBook.topLevels(-1, 10, this.px, this.sz);
    if (this.model !== null) this.model.predictor.predict(this.realFeatures, this.scratchOut);
    const e = this.enter;
    e.token = this.seq;
    e.side = 1;
    e.quantity = 100;
    e.instrument = 1;
    e.price = 1_000_000;
    e.timeInForce = TimeInForce.ImmediateOrCancel;
    e.account = 1;
    e.marketDataSeq = this.seq;
    writeUnsequencedHeader(this.outView, 0, encodeEnterOrder(this.outView, UNSEQUENCED_HEADER_LENGTH, e));
    // The journal's append (header, body, CRC) into scratch memory, and a risk check on a throwaway gate.
    writeRecordHeader(this.recordView, 0, RecordType.OrderSent, 64, 1, this.seq, this.seq);
    writeOrderSentBody(this.recordView, 0, this.seq, 1, 1, 1_000_000, 100);
    sealRecord(this.record, this.recordView, 0, 64);
    this.risk.nowNs = this.timeNs;
    this.risk.referencePrice = 1_000_000;
    this.risk.check(1, 1_000_000, 100, this.riskState);
    this.ticks++;
  }
}
