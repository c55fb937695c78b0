/**
 * The stylized facts of one market day (or part of one), as computed by StylizedFactsCollector from an
 * L3 event stream and the book after each event. Units are in the field names' comments; every value is
 * NaN when the stream gave it nothing to measure.
 */
export interface StylizedFacts {
  /** Events (rows of the message file) seen, and the span from the first to the last, in seconds. */
  readonly events: number;
  readonly seconds: number;
  /** Events per second over the span. */
  readonly eventRate: number;
  /** Bid-ask spread in ticks, time-weighted over the time the book is two-sided. */
  readonly spread: Distribution;
  /** Shares at the best bid and at the best ask, time-weighted means while the book is two-sided. */
  readonly depthAtBest: { readonly bid: number; readonly ask: number };
  /**
   * Sizes of new limit orders (Add events), in shares; roundLotShare: share of multiples of 100; the odd
   * lots (1–99 shares) as a log-normal: geometric mean (its median) and sd of the log size.
   */
  readonly orderSize: Distribution & { readonly roundLotShare: number; readonly oddLotGeoMean: number; readonly oddLotLogSd: number };
  /**
   * Time between consecutive messages, in milliseconds; a message is the group of events sharing one
   * timestamp (an order that executes against several resting orders is one message); cv = sd / mean.
   */
  readonly interArrivalMs: { readonly mean: number; readonly median: number; readonly cv: number };
  /** (Reduce + Delete events) / Add events. */
  readonly cancelToAdd: number;
  /** Executions (visible and hidden) per second. */
  readonly tradeRate: number;
  /** Returns of the mid on a 1-second grid: sd in basis points, excess kurtosis. */
  readonly midReturn1s: { readonly sdBp: number; readonly excessKurtosis: number; readonly samples: number };
  /** Autocorrelation of |1-s mid log return| at lags 1, 5, 10 (volatility clustering). */
  readonly absReturnAcf: Lags;
  /** Autocorrelation of trade signs (+1 buyer-initiated, −1 seller-initiated) at lags 1, 5, 10 trades. */
  readonly tradeSignAcf: Lags;
}

export interface Distribution {
  readonly mean: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
}

export interface Lags {
  readonly lag1: number;
  readonly lag5: number;
  readonly lag10: number;
}

export const ACF_LAGS = [1, 5, 10] as const;
