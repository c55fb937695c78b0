import { OrderUpdateKind, RejectReason, type Tif } from '../../strategy/Strategy.ts';

/**
 * What a venue (paper or real) says about one of our orders, before the session turns it into the
 * strategy's OrderUpdate. Kinds and reasons are the strategy API's own (`OrderUpdateKind`,
 * `RejectReason`), so nothing downstream needs a second vocabulary; `venueReason` and `detail` keep
 * what the venue said for logs and counts. Orders are named by the token the context gave them (a
 * modify gives the order a new token; the session maps tokens back to the strategy's order id).
 */
export interface VenueReport {
  readonly kind: OrderUpdateKind;
  /** The token the report is about (Modified: the token before the replace). */
  readonly token: number;
  /** Modified: the order's token from now on. Otherwise 0. */
  readonly newToken: number;
  /** Filled: the fill price; Modified: the new price (integer price units). Otherwise NaN. */
  readonly price: number;
  /** Filled: quantity of this fill; Cancelled: quantity cancelled; Modified: the new open quantity. */
  readonly qty: number;
  /** Filled: fee in quote currency ("dollars"), negative for a rebate. */
  readonly fee: number;
  /** Filled: 0 maker, 1 taker. */
  readonly liquidity: number;
  /** Rejected: why, in the strategy's terms. */
  readonly reason: RejectReason;
  /** Rejected: which request was refused (a refused cancel or modify leaves the order as it was). */
  readonly request: VenueRequestKind;
  /** Venue time of the event, ns from the session's origin (NaN when the venue gave none). */
  readonly exchNs: number;
  /** Short machine-readable cause from the venue ('insufficient-funds', 'outbox-full', …); '' if none. */
  readonly venueReason: string;
  /** The venue's own words (an exception message), for logs; '' if none. */
  readonly detail: string;
}

export type VenueRequestKind = 'new' | 'cancel' | 'modify';

/** Where an order-entry implementation sends its reports (the session). */
export type VenueReportSink = (report: VenueReport) => void;

/** A new order as the context hands it to the entry. Prices and quantities in integer instrument units. */
export interface NewOrderRequest {
  readonly token: number;
  /** 1 buy, -1 sell. */
  readonly side: number;
  readonly price: number;
  readonly qty: number;
  readonly tif: Tif;
}

const NONE: Omit<VenueReport, 'kind' | 'token'> = {
  newToken: 0,
  price: NaN,
  qty: 0,
  fee: 0,
  liquidity: 0,
  reason: RejectReason.None,
  request: 'new',
  exchNs: NaN,
  venueReason: '',
  detail: '',
};

export function acceptedReport(token: number, exchNs: number): VenueReport {
  return { ...NONE, kind: OrderUpdateKind.Accepted, token, exchNs };
}

export function fillReport(token: number, price: number, qty: number, fee: number, liquidity: number, exchNs: number): VenueReport {
  return { ...NONE, kind: OrderUpdateKind.Filled, token, price, qty, fee, liquidity, exchNs };
}

export function cancelledReport(token: number, qty: number, exchNs: number, venueReason = '', detail = ''): VenueReport {
  return { ...NONE, kind: OrderUpdateKind.Cancelled, token, qty, exchNs, venueReason, detail };
}

export function modifiedReport(token: number, newToken: number, price: number, qty: number, exchNs: number): VenueReport {
  return { ...NONE, kind: OrderUpdateKind.Modified, token, newToken, price, qty, exchNs, request: 'modify' };
}

export function rejectedReport(token: number, request: VenueRequestKind, reason: RejectReason, exchNs: number, venueReason: string, detail = ''): VenueReport {
  return { ...NONE, kind: OrderUpdateKind.Rejected, token, request, reason, exchNs, venueReason, detail };
}
