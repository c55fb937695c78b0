import fc from 'fast-check';
import { RecordType, type OrderState, type OrderStatus, type PositionState, type UnsequencedRecord } from '../JournalRecord.ts';

/** fast-check generators of any record the writer accepts (every field over its whole legal range). */
const int64 = fc.maxSafeInteger();
const u32 = fc.nat({ max: 0xffffffff });
const side = fc.constantFrom(1, -1);
const u8 = fc.nat({ max: 255 });
const fee = fc.double({ noNaN: true, noDefaultInfinity: true });

const position: fc.Arbitrary<PositionState> = fc.record({ instrument: u32, position: int64, costUnits: int64, fees: fee, fills: int64, filledQty: int64 });
const order: fc.Arbitrary<OrderState> = fc.record({
  clientId: int64,
  instrument: u32,
  side,
  tif: u8,
  status: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<OrderStatus>,
  price: int64,
  qty: int64,
  leaves: int64,
  filledQty: int64,
  venueRef: int64,
  pendingClientId: int64,
});

export const arbitraryRecord: fc.Arbitrary<UnsequencedRecord> = fc.oneof(
  fc.record({ type: fc.constant(RecordType.OrderSent), localNs: int64, instrument: u32, clientId: int64, side, tif: u8, price: int64, qty: int64 }),
  fc.record({ type: fc.constant(RecordType.Accepted), localNs: int64, instrument: u32, clientId: int64, venueRef: int64, price: int64, leaves: int64 }),
  fc.record({ type: fc.constant(RecordType.Rejected), localNs: int64, instrument: u32, clientId: int64, reason: fc.nat({ max: 0xffff }), target: fc.constantFrom(0, 1, 2) }),
  fc.record({
    type: fc.constant(RecordType.Executed),
    localNs: int64,
    instrument: u32,
    clientId: int64,
    venueRef: int64,
    execId: int64,
    side,
    liquidity: u8,
    price: int64,
    qty: int64,
    leaves: int64,
    fee,
  }),
  fc.record({ type: fc.constant(RecordType.CancelSent), localNs: int64, instrument: u32, clientId: int64 }),
  fc.record({ type: fc.constant(RecordType.Cancelled), localNs: int64, instrument: u32, clientId: int64, cancelledQty: int64, leaves: int64, reason: fc.nat({ max: 0xffff }) }),
  fc.record({ type: fc.constant(RecordType.ReplaceSent), localNs: int64, instrument: u32, clientId: int64, newClientId: int64, price: int64, qty: int64 }),
  fc.record({ type: fc.constant(RecordType.Replaced), localNs: int64, instrument: u32, clientId: int64, newClientId: int64, venueRef: int64, price: int64, leaves: int64 }),
  fc.record({
    type: fc.constant(RecordType.Checkpoint),
    localNs: int64,
    instrument: fc.constant(0),
    // Filled in from the writer by the test (the writer stamps its own session).
    originNs: fc.constant(0n),
    sessions: fc.constant(0),
    maxClientId: int64,
    positions: fc.array(position, { maxLength: 4 }),
    orders: fc.array(order, { maxLength: 6 }),
  }),
) as fc.Arbitrary<UnsequencedRecord>;
