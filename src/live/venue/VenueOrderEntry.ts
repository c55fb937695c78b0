import type { EventBatch } from '../../data/EventBatch.ts';
import type { NewOrderRequest, VenueReportSink } from './VenueReport.ts';

/**
 * The order-entry seam to a venue: what the trading context sends its orders through, and where the
 * venue's answers come from. Two implementations: `PaperOrderEntry` (the default: a venue simulated
 * locally against the live book, sends nothing anywhere) and `CcxtOrderEntry` (a real exchange through
 * ccxt, only with an explicit configuration).
 *
 * Contract:
 * - `submit`, `cancel` and `modify` are called from the strategy's synchronous callback. They must
 *   return at once, never block, never call the sink synchronously (the strategy must have the order id
 *   before it hears about the order) and never grow a queue without bound: false means refused before
 *   leaving (a full outbox, a closed entry); the order never existed.
 * - Reports go to the sink given to `attach`, in the order the venue produced them, per order: Accepted,
 *   then Filled (zero or more), then at most one of Cancelled / Rejected; Modified in between.
 * - Tokens are the context's: positive, unique, never reused. A modify names the order's current token
 *   and the token it carries afterwards.
 */
export interface VenueOrderEntry {
  /** 'paper' never sends anything anywhere; 'real' sends orders to an exchange. */
  readonly mode: 'paper' | 'real';
  /** One line for reports, e.g. "paper (Binance spot VIP 0: maker 10 bps, taker 10 bps of notional)". */
  readonly description: string;
  /** Called once by the session, before any order. */
  attach(sink: VenueReportSink): void;
  submit(order: NewOrderRequest): boolean;
  cancel(token: number): boolean;
  /** Cancel-replace: `totalQty` is the order's new total quantity, fills included (FIX semantics). */
  modify(token: number, newToken: number, price: number, totalQty: number): boolean;
  /**
   * Market hooks for venues simulated from the feed (paper). `onMarketEvent`: each event, after the
   * session's book has applied it. `flush`: a point where requests sent so far may be processed (after
   * every strategy callback and at the end of every market message). Real venues leave them out.
   */
  onMarketEvent?(batch: EventBatch, i: number, nowNs: number, exchNs: number): void;
  flush?(nowNs: number, exchNs: number): void;
  /** Stops the entry (a real one first cancels what is open, unless configured not to). */
  close(): Promise<void>;
  /** Counts for the run's report. */
  report(): VenueEntryReport;
}

export type VenueEntryReport = Readonly<Record<string, number | string | boolean>>;
