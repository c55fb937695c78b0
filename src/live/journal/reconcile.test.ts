import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderStatus, type OrderState } from './JournalRecord.ts';
import { reconcile, type VenueOpenOrder } from './reconcile.ts';

const order = (clientId: number, over: Partial<OrderState> = {}): OrderState => ({
  clientId,
  instrument: 1,
  side: 1,
  tif: 0,
  status: OrderStatus.Open,
  price: 1_000_000,
  qty: 100,
  leaves: 100,
  filledQty: 0,
  venueRef: 1000 + clientId,
  pendingClientId: 0,
  ...over,
});
const atVenue = (o: OrderState, over: Partial<VenueOpenOrder> = {}): VenueOpenOrder => ({
  clientId: o.clientId,
  venueRef: o.venueRef,
  instrument: o.instrument,
  side: o.side,
  price: o.price,
  leaves: o.leaves,
  ...over,
});

describe('reconcile', () => {
  it('is clean when the venue holds exactly the journal’s open orders', () => {
    const j = [order(1), order(2, { side: -1, leaves: 40, filledQty: 60 })];
    const r = reconcile(j, j.map((o) => atVenue(o)));
    expect(r).toEqual({ matched: 2, differences: [], toQuery: [], errors: 0, clean: true });
  });

  it('an order the journal has open but the venue does not: filled or cancelled while down → query', () => {
    const r = reconcile([order(1), order(2)], [atVenue(order(1))]);
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'missing-at-venue', clientId: 2, action: 'query' })]);
    expect(r.toQuery).toEqual([2]);
    expect(r.errors).toBe(0);
    expect(r.clean).toBe(false);
  });

  it('a never-acknowledged order missing at the venue says it may never have arrived', () => {
    const r = reconcile([order(3, { status: OrderStatus.PendingNew, venueRef: 0 })], []);
    expect(r.differences[0]).toMatchObject({ kind: 'missing-at-venue', action: 'query' });
    expect(r.differences[0].detail).toMatch(/never acknowledged/);
  });

  it('fewer leaves at the venue → fills missed → query; more leaves → error', () => {
    const r = reconcile([order(1), order(2)], [atVenue(order(1), { leaves: 70 }), atVenue(order(2), { leaves: 120 })]);
    expect(r.differences.map((d) => [d.kind, d.clientId, d.action])).toEqual([
      ['venue-leaves-lower', 1, 'query'],
      ['venue-leaves-higher', 2, 'error'],
    ]);
    expect(r.errors).toBe(1);
  });

  it('an order the venue has and the journal does not → error', () => {
    const r = reconcile([order(1)], [atVenue(order(1)), atVenue(order(9))]);
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'unknown-at-venue', clientId: 9, action: 'error', journal: null })]);
    expect(r.matched).toBe(1);
  });

  it('a replace that went through while down is found under its new id → query', () => {
    const j = order(1, { status: OrderStatus.PendingReplace, pendingClientId: 5 });
    const r = reconcile([j], [atVenue(j, { clientId: 5, venueRef: 2000, price: 999_900 })]);
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'replace-completed', clientId: 1, action: 'query' })]);
  });

  it('side, instrument or price disagreeing → error (price may differ while a replace is pending)', () => {
    const r = reconcile([order(1), order(2), order(3, { status: OrderStatus.PendingReplace, pendingClientId: 8 })], [
      atVenue(order(1), { side: -1 }),
      atVenue(order(2), { price: 1 }),
      atVenue(order(3), { price: 1 }),
    ]);
    expect(r.differences.map((d) => [d.kind, d.clientId])).toEqual([
      ['field-mismatch', 1],
      ['field-mismatch', 2],
    ]);
    expect(r.matched).toBe(1);
  });

  it('matches by venue reference when the venue does not echo client ids, and flags duplicates', () => {
    const o = order(4);
    const r = reconcile([o], [atVenue(o, { clientId: 0 }), atVenue(o, { clientId: 0 })]);
    expect(r.matched).toBe(1);
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'duplicate-at-venue', action: 'error' })]);
  });

  it('property: every journal order is matched or queried exactly once, every venue order is accounted for, inputs untouched', () => {
    const arb = fc.array(fc.record({ leaves: fc.integer({ min: 1, max: 500 }), venue: fc.constantFrom('same', 'absent', 'lower', 'higher') }), { maxLength: 30 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 5 }), (spec, extra) => {
        const journal = spec.map((s, i) => order(i + 1, { leaves: s.leaves }));
        const venue: VenueOpenOrder[] = [];
        spec.forEach((s, i) => {
          if (s.venue === 'same') venue.push(atVenue(journal[i]));
          if (s.venue === 'lower') venue.push(atVenue(journal[i], { leaves: s.leaves - 1 }));
          if (s.venue === 'higher') venue.push(atVenue(journal[i], { leaves: s.leaves + 1 }));
        });
        for (let k = 0; k < extra; k++) venue.push(atVenue(order(10_000 + k)));
        const frozen = JSON.stringify([journal, venue]);
        const r = reconcile(journal, venue);
        expect(JSON.stringify([journal, venue])).toBe(frozen);
        const count = (v: string): number => spec.filter((s) => s.venue === v).length;
        expect(r.matched).toBe(count('same'));
        expect(r.toQuery.length).toBe(count('absent') + count('lower'));
        expect(r.errors).toBe(count('higher') + extra);
        expect(r.matched + r.differences.length).toBe(journal.length + extra);
        expect(reconcile(journal, venue)).toEqual(r);
      }),
    );
  });
});
