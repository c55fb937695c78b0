import { OrderStatus, type OrderState } from './JournalRecord.ts';

/** One open order as the venue reports it after a reconnect (order status / open-orders query). */
export interface VenueOpenOrder {
  /** Our client order id as the venue echoes it (OUCH token, Binance clientOrderId); 0 if it does not. */
  readonly clientId: number;
  /** The venue's reference (0 if unknown); used to match when the client id is absent. */
  readonly venueRef: number;
  readonly instrument: number;
  readonly side: number;
  readonly price: number;
  readonly leaves: number;
}

export type ReconcileKind =
  /**
   * The journal has the order open, the venue does not: it was filled or cancelled while the engine was
   * down (or, if never acknowledged, may never have arrived). Query the venue for its fills and final
   * state, journal them (fills de-duplicated by execId), then close it.
   */
  | 'missing-at-venue'
  /** Both have it, the venue with fewer leaves: fills or a reduction were missed. Query its fills. */
  | 'venue-leaves-lower'
  /** A replace the journal sent went through while down: the venue holds the order under the new id. Query it. */
  | 'replace-completed'
  /** Both have it, the venue with more leaves than the journal: the journal counted fills the venue does not. Error. */
  | 'venue-leaves-higher'
  /** Same id, different instrument, side or price (price is allowed to differ only while a replace is pending). Error. */
  | 'field-mismatch'
  /** The venue has an open order the journal does not know: sent without being journalled. Error: cancel it, stop. */
  | 'unknown-at-venue'
  /** The venue reports the same order twice. Error. */
  | 'duplicate-at-venue';

export interface ReconcileDifference {
  readonly kind: ReconcileKind;
  readonly clientId: number;
  /** `query`: ask the venue and journal the answer; `error`: the journal and the venue disagree in a way recovery must not paper over. */
  readonly action: 'query' | 'error';
  readonly journal: OrderState | null;
  readonly venue: VenueOpenOrder | null;
  readonly detail: string;
}

export interface Reconciliation {
  /** Orders open on both sides with the same instrument, side, price and leaves. */
  readonly matched: number;
  readonly differences: readonly ReconcileDifference[];
  /** Client ids to query at the venue (the `query` differences), in journal order. */
  readonly toQuery: readonly number[];
  /** Number of `error` differences. */
  readonly errors: number;
  /** True when there is nothing to query and no error. */
  readonly clean: boolean;
}

/**
 * Compares the open orders recovered from the journal with the venue's open orders after a reconnect.
 * Pure: no I/O, inputs untouched, output in a deterministic order (journal order, then venue order).
 * Orders are matched by client id, or by venue reference when the venue does not echo the client id.
 */
export function reconcile(journalOrders: Iterable<OrderState>, venueOrders: readonly VenueOpenOrder[]): Reconciliation {
  const journal = [...journalOrders];
  const byClient = new Map<number, OrderState>();
  const byRef = new Map<number, OrderState>();
  const byPending = new Map<number, OrderState>();
  for (const o of journal) {
    byClient.set(o.clientId, o);
    if (o.venueRef !== 0) byRef.set(o.venueRef, o);
    if (o.pendingClientId !== 0) byPending.set(o.pendingClientId, o);
  }
  const seen = new Map<number, VenueOpenOrder>();
  const differences: ReconcileDifference[] = [];
  const venueDiffs: ReconcileDifference[] = [];
  const journalDiff = new Map<number, ReconcileDifference>();
  let matched = 0;

  for (const v of venueOrders) {
    let o = v.clientId !== 0 ? byClient.get(v.clientId) : undefined;
    if (o === undefined && v.clientId !== 0) {
      const replaced = byPending.get(v.clientId);
      if (replaced !== undefined && !seen.has(replaced.clientId)) {
        seen.set(replaced.clientId, v);
        journalDiff.set(replaced.clientId, diff('replace-completed', replaced, v, `replace of ${replaced.clientId} by ${v.clientId} took effect at the venue`));
        continue;
      }
    }
    if (o === undefined && v.venueRef !== 0) o = byRef.get(v.venueRef);
    if (o === undefined) {
      venueDiffs.push(diff('unknown-at-venue', null, v, `venue order ${v.clientId || v.venueRef} is not open in the journal`));
      continue;
    }
    if (seen.has(o.clientId)) {
      venueDiffs.push(diff('duplicate-at-venue', o, v, `venue reports order ${o.clientId} more than once`));
      continue;
    }
    seen.set(o.clientId, v);
    const replacing = o.status === OrderStatus.PendingReplace;
    const otherId = v.clientId !== 0 && v.clientId !== o.clientId;
    if (otherId || v.instrument !== o.instrument || v.side !== o.side || (v.price !== o.price && !replacing)) {
      journalDiff.set(o.clientId, diff('field-mismatch', o, v, `journal id/instrument/side/price ${o.clientId}/${o.instrument}/${o.side}/${o.price}, venue ${v.clientId}/${v.instrument}/${v.side}/${v.price}`));
    } else if (v.leaves < o.leaves) {
      journalDiff.set(o.clientId, diff('venue-leaves-lower', o, v, `journal leaves ${o.leaves}, venue ${v.leaves}: ${o.leaves - v.leaves} filled or reduced while down`));
    } else if (v.leaves > o.leaves) {
      journalDiff.set(o.clientId, diff('venue-leaves-higher', o, v, `journal leaves ${o.leaves}, venue ${v.leaves}`));
    } else {
      matched++;
    }
  }

  for (const o of journal) {
    const d = journalDiff.get(o.clientId);
    if (d !== undefined) differences.push(d);
    else if (!seen.has(o.clientId)) {
      const why = o.status === OrderStatus.PendingNew ? 'never acknowledged: it may not have reached the venue' : 'filled or cancelled while down';
      differences.push(diff('missing-at-venue', o, null, `open in the journal (leaves ${o.leaves}), not at the venue: ${why}`));
    }
  }
  differences.push(...venueDiffs);
  const toQuery = differences.filter((d) => d.action === 'query').map((d) => d.clientId);
  const errors = differences.length - toQuery.length;
  return { matched, differences, toQuery, errors, clean: differences.length === 0 };
}

const QUERY_KINDS: ReadonlySet<ReconcileKind> = new Set(['missing-at-venue', 'venue-leaves-lower', 'replace-completed']);

function diff(kind: ReconcileKind, journal: OrderState | null, venue: VenueOpenOrder | null, detail: string): ReconcileDifference {
  return { kind, clientId: journal?.clientId ?? venue?.clientId ?? 0, action: QUERY_KINDS.has(kind) ? 'query' : 'error', journal, venue, detail };
}
