/**
 * Everything one backtest run produced, in columns: the trade log (one row per fill), the equity curve
 * (one row per sample of the portfolio, on the local clock grid), the latencies actually used, and the
 * summary figures. The CLI prints `summary`, writes `fills` to Parquet and renders the HTML report from
 * the rest; nothing here refers back to the engine.
 */
export interface FillLog {
  readonly length: number;
  /** Venue time of the fill, ns from `originNs`. */
  readonly exchNs: Float64Array;
  /** Local time the strategy learnt of it (exchNs + response latency), ns from `originNs`. */
  readonly localNs: Float64Array;
  readonly orderId: Float64Array;
  /** 1 buy, -1 sell. */
  readonly side: Int8Array;
  /** Price in dollars. */
  readonly price: Float64Array;
  /** Shares (lots × lot size). */
  readonly qty: Float64Array;
  /** Dollars paid (negative: a rebate received). */
  readonly fee: Float64Array;
  /** 0 maker (rested, was hit), 1 taker (crossed the spread). */
  readonly liquidity: Uint8Array;
  /** Position in shares after the fill. */
  readonly positionAfter: Float64Array;
  /** Cash in dollars after the fill (fees included). */
  readonly cashAfter: Float64Array;
  /** Mid price in dollars at the venue when the fill happened. */
  readonly midAtFill: Float64Array;
}

export interface EquityCurve {
  readonly length: number;
  /** Sample time (exchange clock), ns from `originNs`. */
  readonly timeNs: Float64Array;
  /** Mark-to-mid equity in dollars: cash + position × mid (fees already in cash). */
  readonly equity: Float64Array;
  readonly position: Float64Array;
  /** Mid price in dollars (NaN while one side of the book is empty). */
  readonly mid: Float64Array;
}

/** The latencies the run drew, in ns, one entry per message of each kind (capped reservoir). */
export interface LatencySamples {
  readonly description: string;
  readonly feedNs: Float64Array;
  readonly orderNs: Float64Array;
  readonly responseNs: Float64Array;
}

export interface BacktestSummary {
  /** Realised + unrealised P&L in dollars at the end, after fees (marked to the last mid). */
  readonly pnl: number;
  /** Fees paid in dollars (negative: net rebates). */
  readonly fees: number;
  /** Number of fills. */
  readonly trades: number;
  /** Filled shares / shares ordered. */
  readonly fillRatio: number;
  /** Annualised Sharpe ratio of per-minute equity changes (√(252 × 390) scaling); 0 when flat. */
  readonly sharpe: number;
  /** Largest peak-to-trough fall of the equity curve, dollars (≥ 0). */
  readonly maxDrawdown: number;
  /** Traded notional in dollars. */
  readonly turnover: number;
  /** Market events processed per wall-clock second of the run (reading the files excluded). */
  readonly eventsPerSecond: number;
}

export interface BacktestResult {
  readonly summary: BacktestSummary;
  readonly fills: FillLog;
  readonly equity: EquityCurve;
  readonly latency: LatencySamples;
  /** Exchange-time origin of every ns column (LOBSTER: New York midnight of the day), epoch ns. */
  readonly originNs: bigint;
  readonly symbol: string;
  /** Human-readable settings: policy, latency, queue model, fees, limits. */
  readonly config: { readonly [name: string]: string | number };
  /** Market events processed. */
  readonly events: number;
}
