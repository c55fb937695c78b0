import type { RiskLimits } from './RiskLimits.ts';
import { TokenBucket } from './TokenBucket.ts';

/** Why an order was refused before it left (0: it may go). */
export const RiskReject = {
  None: 0,
  OrderQty: 1,
  Notional: 2,
  PriceCollar: 3,
  Position: 4,
  OpenOrders: 5,
  RateLimit: 6,
  KillSwitch: 7,
  SelfTrade: 8,
  NoReferencePrice: 9,
} as const;
export type RiskReject = (typeof RiskReject)[keyof typeof RiskReject];

export const RISK_REJECT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(RiskReject).map(([k, v]) => [v, k]));

/** What the risk gate needs to know about the account at the moment of the check. */
export interface RiskState {
  /** Shares held (signed). */
  readonly position: number;
  /** Open quantity of resting/in-flight orders on each side. */
  readonly openBuyQty: number;
  readonly openSellQty: number;
  readonly openOrders: number;
  /** Best own resting sell price and buy price (NaN when none): an order crossing them would self-trade. */
  readonly ownBestAsk: number;
  readonly ownBestBid: number;
}

/**
 * Every order passes here before it leaves, in the backtester and the live engine alike: size, notional,
 * price collar against a reference price, position, open orders, rate (token bucket), self-trade, and
 * the kill switch. The kill switch trips when the day's P&L falls below −maxDailyLoss (markToMarket) or
 * by hand; it refuses every new order until `reset`, and its owner cancels all open orders when it trips
 * (`onTrip`). Checks allocate nothing; the order of checks is fixed so the reason is deterministic.
 */
export class PreTradeRisk {
  private readonly bucket: TokenBucket;
  private tripped = false;
  tripReason = '';
  /** Refusals by reason code. */
  readonly rejects = new Float64Array(Object.keys(RiskReject).length);
  /**
   * The caller's clock (integer ns) and the reference price of the collar, set before each `check`. They are
   * fields, not arguments, because a double argument (a time in ns is past V8's small-integer range, a mid can
   * be fractional) is boxed into a fresh heap number whenever the call is not inlined: per order decision on
   * the live hot path. A field store updates the field's number in place.
   */
  nowNs = 0;
  referencePrice = NaN;

  constructor(
    readonly limits: RiskLimits,
    /** Dollars per integer price unit (1 / priceScale). */
    private readonly dollarsPerUnit: number,
    private readonly onTrip: (reason: string) => void = () => undefined,
  ) {
    this.bucket = new TokenBucket(limits.maxOrdersBurst, limits.maxOrdersPerSecond);
  }

  get killed(): boolean {
    return this.tripped;
  }

  /**
   * Returns RiskReject.None when the order may go (and then it has used a rate token), at time `nowNs` against
   * `referencePrice` (set them first).
   */
  check(side: number, price: number, qty: number, state: RiskState): RiskReject {
    const r = this.evaluate(side, price, qty, state);
    this.rejects[r]++;
    return r;
  }

  private evaluate(side: number, price: number, qty: number, s: RiskState): RiskReject {
    const L = this.limits;
    const ref = this.referencePrice;
    if (this.tripped) return RiskReject.KillSwitch;
    if (!(qty > 0) || qty > L.maxOrderQty) return RiskReject.OrderQty;
    if (price * qty * this.dollarsPerUnit > L.maxOrderNotional) return RiskReject.Notional;
    if (!(ref > 0)) return RiskReject.NoReferencePrice;
    const bps = ((price - ref) / ref) * 10_000;
    if (side > 0 ? bps > L.priceCollarBps : -bps > L.priceCollarBps) return RiskReject.PriceCollar;
    if (side > 0 ? s.position + s.openBuyQty + qty > L.maxPosition : s.position - s.openSellQty - qty < -L.maxPosition) return RiskReject.Position;
    if (s.openOrders >= L.maxOpenOrders) return RiskReject.OpenOrders;
    if (side > 0 ? price >= s.ownBestAsk : price <= s.ownBestBid) return RiskReject.SelfTrade;
    if (!this.bucket.take(this.nowNs)) return RiskReject.RateLimit;
    return RiskReject.None;
  }

  /** Feed the day's P&L (dollars, realised + unrealised, after fees); trips the switch below the limit. */
  markToMarket(pnl: number): void {
    if (!this.tripped && pnl < -this.limits.maxDailyLoss) this.trip(`daily loss ${(-pnl).toFixed(2)} > ${this.limits.maxDailyLoss}`);
  }

  trip(reason: string): void {
    if (this.tripped) return;
    this.tripped = true;
    this.tripReason = reason;
    this.onTrip(reason);
  }

  /** A person decided trading may resume. */
  reset(): void {
    this.tripped = false;
    this.tripReason = '';
  }
}
