/**
 * How long things take between the strategy and the venue, in integer nanoseconds (hftbacktest's
 * three latencies). The engine calls each method once per message, in time order, so a model may keep
 * state (an RNG stream, a position in a recorded series); it must not allocate.
 *
 * - feed: market data stamped `exchNs` by the venue reaches the strategy `feedNs(exchNs)` later;
 * - order: an order the strategy sends at local time `localNs` reaches the venue `orderNs(localNs)` later;
 * - response: an ack or fill the venue emits at `exchNs` reaches the strategy `responseNs(exchNs)` later.
 *
 * The engine keeps each direction in order (a later message never overtakes an earlier one on the same
 * connection), so a model may return any non-negative duration.
 */
export interface LatencyModel {
  /** What this model is, for reports: e.g. "constant 50 µs", "empirical (Binance BTCUSDT capture)". */
  readonly description: string;
  feedNs(exchNs: number): number;
  orderNs(localNs: number): number;
  responseNs(exchNs: number): number;
}
