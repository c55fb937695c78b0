import { describe, expect, it } from 'vitest';
import { MarketScenario, px } from '../../backtest/testkit/MarketScenario.ts';
import { FeedMessage, LiquidityFlag, LoginRejectReason, OrderEntryMessage, OrderState, TimeInForce, WireReason } from '../protocol/codes.ts';
import { MarketDataDecoder } from '../protocol/MarketDataDecoder.ts';
import { OrderEntryClientDecoder } from '../protocol/OrderEntryDecoder.ts';
import { CancelOrder, EnterOrder, ReplaceOrder } from '../protocol/orderEntryMessages.ts';
import { wireView } from '../protocol/wire.ts';
import { PacketStore } from './PacketStore.ts';
import { ReplayMarket } from './ReplayMarket.ts';
import { SandboxVenue, type VenueUser } from './SandboxVenue.ts';

type Oe = { type: string; token: number; qty?: number; price?: number; ref?: number; state?: string; liq?: string; match?: number; reason?: number; prev?: number };
type Md = { type: string; ref: number; qty?: number; price?: number; side?: number; match?: number };

/** A venue over a hand-written day, with every order-entry and market-data message decoded for checking. */
function setup(build: (s: MarketScenario) => void) {
  const s = new MarketScenario(5);
  build(s);
  const day = s.day();
  const oe: Oe[] = [];
  const md: Md[][] = [];
  const oeDec = new OrderEntryClientDecoder();
  const mdDec = new MarketDataDecoder();
  const venue = new SandboxVenue(
    { instrument: day.instrument, originNs: 0n, session: 'UNIT' },
    {
      onFeedPacket(_f, _c, bytes, start, end) {
        const v = wireView(bytes);
        expect(mdDec.decodePacket(v, start + 2, end)).not.toBe(0);
        const msgs: Md[] = [];
        for (let t = mdDec.nextMessage(); t !== 0; t = mdDec.nextMessage()) {
          if (t === FeedMessage.AddOrder) msgs.push({ type: 'add', ref: mdDec.addOrder.orderRef, qty: mdDec.addOrder.quantity, price: mdDec.addOrder.price, side: mdDec.addOrder.side });
          else if (t === FeedMessage.OrderExecuted) msgs.push({ type: 'exec', ref: mdDec.orderExecuted.orderRef, qty: mdDec.orderExecuted.quantity, match: mdDec.orderExecuted.matchNumber });
          else if (t === FeedMessage.OrderCancel) msgs.push({ type: 'cancel', ref: mdDec.orderCancel.orderRef, qty: mdDec.orderCancel.quantity });
          else if (t === FeedMessage.OrderDelete) msgs.push({ type: 'delete', ref: mdDec.orderDelete.orderRef });
          else msgs.push({ type: String.fromCharCode(t), ref: 0 });
        }
        md.push(msgs);
      },
    },
    {
      onOrderEntry(_u, _seq, bytes, start, end) {
        const v = wireView(bytes);
        oeDec.decode(v, start + 2, end);
        const d = oeDec;
        switch (d.messageType) {
          case OrderEntryMessage.Accepted:
            oe.push({ type: 'accepted', token: d.accepted.token, qty: d.accepted.quantity, ref: d.accepted.orderRef, state: String.fromCharCode(d.accepted.orderState) });
            break;
          case OrderEntryMessage.Executed:
            oe.push({ type: 'executed', token: d.executed.token, qty: d.executed.quantity, price: d.executed.price, liq: String.fromCharCode(d.executed.liquidity), match: d.executed.matchNumber });
            break;
          case OrderEntryMessage.Cancelled:
            oe.push({ type: 'cancelled', token: d.cancelled.token, qty: d.cancelled.quantity, reason: d.cancelled.reason });
            break;
          case OrderEntryMessage.Rejected:
            oe.push({ type: 'rejected', token: d.rejected.token, reason: d.rejected.reason });
            break;
          case OrderEntryMessage.Replaced:
            oe.push({ type: 'replaced', token: d.replaced.replacementToken, prev: d.replaced.previousToken, qty: d.replaced.leavesQuantity, price: d.replaced.price, ref: d.replaced.orderRef });
            break;
        }
      },
    },
  );
  const replay = new ReplayMarket(venue, day);
  replay.start(0);
  const user = venue.login('trader', '', '', 1).user as VenueUser;
  const enter = (token: number, side: number, price: number, quantity: number, tif: number = TimeInForce.Day, account = 7): void =>
    venue.enterOrder(user, Object.assign(new EnterOrder(), { token, side, price, quantity, timeInForce: tif, account, instrument: 1 }));
  return { venue, replay, user, oe, md, enter };
}

describe('SandboxVenue: client orders in the replayed book', () => {
  const market = (s: MarketScenario): void => {
    s.add(1, 11, -1, px(100.02), 100).add(2, 12, -1, px(100.03), 200).add(3, 21, 1, px(99.98), 100).add(4, 22, 1, px(99.97), 300);
    s.execute(10, 11, 100); // the real market later executes the ask we will have taken
    s.execute(11, 21, 50);
  };

  it('an IOC buy takes the best ask: Accepted (dead), Executed as taker with the feed’s match number, the rest Cancelled', () => {
    const { replay, oe, md, venue, enter } = setup(market);
    for (let i = 0; i < 4; i++) replay.step();
    enter(1, 1, px(100.02), 150, TimeInForce.ImmediateOrCancel);
    expect(oe.map((m) => m.type)).toEqual(['accepted', 'executed', 'cancelled']);
    expect(oe[0]).toMatchObject({ state: String.fromCharCode(OrderState.Dead), qty: 150 });
    expect(oe[1]).toMatchObject({ qty: 100, price: px(100.02), liq: String.fromCharCode(LiquidityFlag.Removed) });
    expect(oe[2]).toMatchObject({ qty: 50, reason: WireReason.NoLiquidity });
    const last = md[md.length - 1];
    expect(last).toEqual([{ type: 'exec', ref: 11, qty: 100, match: oe[1].match }]);
    expect(venue.accounts.get(7)).toMatchObject({ position: 100, fills: 1 });
    // The real execution of order 11 later finds it gone: a discrepancy of the replay, counted, not an error.
    replay.step();
    expect(replay.counts.shortfallMessages).toBe(1);
    expect(replay.counts.shortfallQty).toBe(100);
  });

  it('a resting bid above the best bid is filled first by the next replayed execution on the bid side (maker)', () => {
    const { replay, oe, enter, venue } = setup(market);
    for (let i = 0; i < 5; i++) replay.step();
    enter(1, 1, px(99.99), 100);
    expect(oe.map((m) => m.type)).toEqual(['accepted']);
    replay.step(); // the real sell of 50 against order 21 at 99.98 meets our better bid first
    expect(oe[1]).toMatchObject({ type: 'executed', qty: 50, price: px(99.99), liq: String.fromCharCode(LiquidityFlag.Added) });
    expect(replay.counts.clientTradeThroughs).toBe(1);
    expect(venue.me.orderSize(21)).toBe(100); // the replayed order the aggressor did not reach
  });

  it('replace keeps priority when only the quantity shrinks, loses it (new reference) otherwise; cancel; rejects', () => {
    const { replay, oe, md, user, venue, enter } = setup(market);
    for (let i = 0; i < 4; i++) replay.step();
    enter(1, 1, px(99.98), 300);
    const ref = oe[0].ref!;
    venue.replaceOrder(user, Object.assign(new ReplaceOrder(), { existingToken: 1, replacementToken: 2, quantity: 200, price: px(99.98) }));
    expect(oe[1]).toMatchObject({ type: 'replaced', token: 2, prev: 1, qty: 200, ref });
    expect(md[md.length - 1]).toEqual([{ type: 'cancel', ref, qty: 100 }]);
    venue.replaceOrder(user, Object.assign(new ReplaceOrder(), { existingToken: 2, replacementToken: 3, quantity: 200, price: px(99.97) }));
    expect(oe[2]).toMatchObject({ type: 'replaced', token: 3, prev: 2, qty: 200 });
    expect(oe[2].ref).not.toBe(ref);
    expect(md[md.length - 1].map((m) => m.type)).toEqual(['delete', 'add']);
    venue.cancelOrder(user, Object.assign(new CancelOrder(), { token: 3, quantity: 0 }));
    expect(oe[3]).toMatchObject({ type: 'cancelled', token: 3, qty: 200, reason: WireReason.Requested });
    venue.cancelOrder(user, Object.assign(new CancelOrder(), { token: 3, quantity: 0 }));
    expect(oe[4]).toMatchObject({ type: 'rejected', token: 3, reason: WireReason.UnknownOrder });
    enter(1, 1, px(99.98), 100);
    expect(oe[5]).toMatchObject({ type: 'rejected', token: 1, reason: WireReason.DuplicateOrderId });
    enter(9, 1, px(99.985), 100);
    expect(oe[6]).toMatchObject({ type: 'rejected', token: 9, reason: WireReason.OffTickPrice });
  });

  it('self-trade prevention per account: an order that would trade with its own account is cancelled', () => {
    const { replay, oe, enter } = setup(market);
    for (let i = 0; i < 4; i++) replay.step();
    enter(1, -1, px(100.0), 100);
    enter(2, 1, px(100.0), 100);
    expect(oe.slice(1).map((m) => `${m.type}:${m.token}:${m.reason ?? ''}`)).toEqual(['accepted:2:', `cancelled:2:${WireReason.SelfTrade}`]);
    enter(3, 1, px(100.0), 100, TimeInForce.Day, 8); // another account trades with it
    expect(oe.slice(3).map((m) => m.type)).toEqual(['accepted', 'executed', 'executed']);
  });

  it('login: replay from a sequence number, refuse numbers beyond the session', () => {
    const { venue, replay, enter } = setup(market);
    for (let i = 0; i < 4; i++) replay.step();
    enter(1, 1, px(99.98), 100);
    enter(2, 1, px(99.98), 100);
    expect(venue.login('trader', '', '', 2)).toMatchObject({ ok: true, firstSeq: 2 });
    expect(venue.login('trader', '', '', 0)).toMatchObject({ ok: true, firstSeq: 3 });
    expect(venue.login('trader', '', '', 4)).toMatchObject({ ok: false, reason: LoginRejectReason.SessionNotAvailable });
    expect(venue.login('trader', '', 'OTHER', 1)).toMatchObject({ ok: false, reason: LoginRejectReason.SessionNotAvailable });
  });
});

describe('PacketStore', () => {
  it('keeps the newest packets in bounded memory and finds any held sequence number', () => {
    const store = new PacketStore(70_000, 8);
    const frame = new Uint8Array(10_000);
    for (let seq = 1; seq <= 60; seq += 3) {
      frame[0] = seq;
      store.append(seq, 3, frame, 0, frame.length, seq);
    }
    expect(store.size).toBeLessThanOrEqual(7);
    expect(store.nextSeq).toBe(61);
    const oldest = store.oldestSeq;
    expect(store.find(oldest - 1)).toBe(-1);
    for (let seq = oldest; seq < 61; seq++) {
      const k = store.find(seq);
      expect(store.packetFirstSeq(k)).toBeLessThanOrEqual(seq);
      expect(store.packetFirstSeq(k) + store.packetCount(k)).toBeGreaterThan(seq);
      expect(store.bytes[store.packetOffset(k)]).toBe(store.packetFirstSeq(k));
    }
  });
});
