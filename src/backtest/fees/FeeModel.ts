/** Liquidity flag of a fill: the order rested and was hit (maker) or crossed the spread (taker). */
export const Liquidity = { Maker: 0, Taker: 1 } as const;
export type Liquidity = (typeof Liquidity)[keyof typeof Liquidity];

/**
 * What a venue charges for a fill, in dollars (negative: a rebate paid to us). One of the seams where
 * realism is modelled: per-share schedules (US equities), basis points of notional (crypto), tiers.
 */
export interface FeeModel {
  readonly description: string;
  /** Fee for `qty` shares (base units, already scaled) filled at `price` dollars. */
  fee(price: number, qty: number, liquidity: Liquidity): number;
}

/** US-equity style: a fixed amount per share, maker and taker separately (maker negative = rebate). */
export class PerShareFees implements FeeModel {
  readonly description: string;
  constructor(
    readonly makerPerShare: number,
    readonly takerPerShare: number,
    venue: string,
  ) {
    this.description = `${venue}: maker ${fmt(makerPerShare)} $/share, taker ${fmt(takerPerShare)} $/share`;
  }
  fee(_price: number, qty: number, liquidity: Liquidity): number {
    return qty * (liquidity === Liquidity.Maker ? this.makerPerShare : this.takerPerShare);
  }
}

/** Crypto style: basis points of notional, maker and taker separately. */
export class NotionalBpsFees implements FeeModel {
  readonly description: string;
  constructor(
    readonly makerBps: number,
    readonly takerBps: number,
    venue: string,
  ) {
    this.description = `${venue}: maker ${makerBps} bps, taker ${takerBps} bps of notional`;
  }
  fee(price: number, qty: number, liquidity: Liquidity): number {
    return (price * qty * (liquidity === Liquidity.Maker ? this.makerBps : this.takerBps)) / 10_000;
  }
}

function fmt(x: number): string {
  return x.toFixed(4);
}
