/**
 * The decoded form of one Binance market-data message, filled in place by BinanceDecoder. One object is
 * reused for every message (the hot path allocates nothing), so a consumer reads it before decoding the
 * next line, or copies what it keeps (`copyFrom`).
 *
 * Prices and sizes are integers in the instrument's units (10^-decimals); update ids, trade ids and
 * times (ms) are integer-valued doubles, exact below 2^53. Absent numeric fields are NaN.
 */
export const BinanceMessageKind = {
  None: 0,
  /** `depthUpdate`: diff depth (spot, USD-M, COIN-M). */
  DepthUpdate: 1,
  /** `trade`. */
  Trade: 2,
  /** `bookTicker`: best bid/ask. */
  BookTicker: 3,
  /** REST `GET /depth` snapshot: `{"lastUpdateId",("E","T"),"bids","asks"}`. */
  DepthSnapshot: 4,
} as const;
export type BinanceMessageKind = (typeof BinanceMessageKind)[keyof typeof BinanceMessageKind];

/** Futures trade `X` field (spot trades have none). */
export const BinanceTradeType = { Absent: 0, Market: 1, Other: 2 } as const;
export type BinanceTradeType = (typeof BinanceTradeType)[keyof typeof BinanceTradeType];

const INITIAL_LEVELS = 1024;

export class BinanceMessage {
  kind: BinanceMessageKind = BinanceMessageKind.None;
  /** `E`: event (push) time, ms since epoch. */
  eventTime = NaN;
  /** `T`: transaction / trade time, ms since epoch (futures depth, bookTicker and snapshot; all trades). */
  transactionTime = NaN;
  /** `U`: first update id of a diff. */
  firstUpdateId = NaN;
  /** `u` of a diff or bookTicker, or `lastUpdateId` of a snapshot. */
  lastUpdateId = NaN;
  /** `pu`: futures only, the previous diff's `u`. NaN on spot: its presence tells futures from spot. */
  prevUpdateId = NaN;

  /** Depth levels (diff `b`/`a`, snapshot `bids`/`asks`), `bidCount`/`askCount` rows used. */
  bidCount = 0;
  askCount = 0;
  bidPrice: Float64Array<ArrayBuffer>;
  bidSize: Float64Array<ArrayBuffer>;
  askPrice: Float64Array<ArrayBuffer>;
  askSize: Float64Array<ArrayBuffer>;

  /** bookTicker `b`,`B`,`a`,`A`. */
  bestBidPrice = NaN;
  bestBidSize = NaN;
  bestAskPrice = NaN;
  bestAskSize = NaN;

  /** trade `t`,`p`,`q`,`m`,`M`,`X`. */
  tradeId = NaN;
  tradePrice = NaN;
  tradeSize = NaN;
  /** `m`: the buyer was the maker, so the aggressor was the seller. */
  buyerIsMaker = false;
  /** Spot `M` ("best match"); false when absent. */
  bestMatch = false;
  tradeType: BinanceTradeType = BinanceTradeType.Absent;

  /** `s` as a byte range of the decoded source (valid until the next decode); see BinanceDecoder.symbol(). */
  symbolStart = 0;
  symbolEnd = 0;

  /** `levelCapacity`: initial rows per side (grown on demand; small for buffered copies). */
  constructor(levelCapacity = INITIAL_LEVELS) {
    const n = Math.max(1, levelCapacity);
    this.bidPrice = new Float64Array(n);
    this.bidSize = new Float64Array(n);
    this.askPrice = new Float64Array(n);
    this.askSize = new Float64Array(n);
  }

  /** Resets every field before a decode. */
  reset(): void {
    this.kind = BinanceMessageKind.None;
    this.eventTime = NaN;
    this.transactionTime = NaN;
    this.firstUpdateId = NaN;
    this.lastUpdateId = NaN;
    this.prevUpdateId = NaN;
    this.bidCount = 0;
    this.askCount = 0;
    this.bestBidPrice = NaN;
    this.bestBidSize = NaN;
    this.bestAskPrice = NaN;
    this.bestAskSize = NaN;
    this.tradeId = NaN;
    this.tradePrice = NaN;
    this.tradeSize = NaN;
    this.buyerIsMaker = false;
    this.bestMatch = false;
    this.tradeType = BinanceTradeType.Absent;
    this.symbolStart = 0;
    this.symbolEnd = 0;
  }

  /** Doubles the level arrays of one side (rare: only when a message has more levels than ever before). */
  growSide(bids: boolean): void {
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    if (bids) {
      this.bidPrice = grow(this.bidPrice);
      this.bidSize = grow(this.bidSize);
    } else {
      this.askPrice = grow(this.askPrice);
      this.askSize = grow(this.askSize);
    }
  }

  /** Copies another message (levels included) into this one; used to buffer diffs awaiting a snapshot. */
  copyFrom(m: BinanceMessage): void {
    this.kind = m.kind;
    this.eventTime = m.eventTime;
    this.transactionTime = m.transactionTime;
    this.firstUpdateId = m.firstUpdateId;
    this.lastUpdateId = m.lastUpdateId;
    this.prevUpdateId = m.prevUpdateId;
    while (this.bidPrice.length < m.bidCount) this.growSide(true);
    while (this.askPrice.length < m.askCount) this.growSide(false);
    this.bidCount = m.bidCount;
    this.askCount = m.askCount;
    this.bidPrice.set(m.bidPrice.subarray(0, m.bidCount));
    this.bidSize.set(m.bidSize.subarray(0, m.bidCount));
    this.askPrice.set(m.askPrice.subarray(0, m.askCount));
    this.askSize.set(m.askSize.subarray(0, m.askCount));
    this.bestBidPrice = m.bestBidPrice;
    this.bestBidSize = m.bestBidSize;
    this.bestAskPrice = m.bestAskPrice;
    this.bestAskSize = m.bestAskSize;
    this.tradeId = m.tradeId;
    this.tradePrice = m.tradePrice;
    this.tradeSize = m.tradeSize;
    this.buyerIsMaker = m.buyerIsMaker;
    this.bestMatch = m.bestMatch;
    this.tradeType = m.tradeType;
    this.symbolStart = m.symbolStart;
    this.symbolEnd = m.symbolEnd;
  }
}
