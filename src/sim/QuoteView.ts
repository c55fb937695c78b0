/**
 * What an agent sees of the book at one instant (its market-data feed, delayed by its latency): best
 * quotes, their sizes, and a reference mid that survives a one-sided or empty book. One instance per
 * agent, refilled by AgentMarket.look(): no allocation per look.
 */
export class QuoteView {
  /** Exchange time of the book state seen (ns since the batch origin). */
  timeNs = 0;
  /** Best bid / ask price, NaN when that side is empty. */
  bid = NaN;
  ask = NaN;
  bidSize = 0;
  askSize = 0;
  /** Mid of the best quotes, or the last two-sided mid (the opening price before any). */
  mid = 0;

  get hasBid(): boolean {
    return this.bid === this.bid;
  }

  get hasAsk(): boolean {
    return this.ask === this.ask;
  }

  /** Spread in price units; NaN when a side is empty. */
  get spread(): number {
    return this.ask - this.bid;
  }
}
