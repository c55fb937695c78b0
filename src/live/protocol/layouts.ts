import { layout, type FieldDef, type LayoutSpec } from './layout.ts';

/**
 * Every packet and message of both protocols, byte by byte: the tables of docs/protocol.md are rendered
 * from these (protocolDoc.test.ts keeps them equal) and the codecs are tested against them. Packet
 * layouts start at the frame's first byte (the length prefix); message layouts at the message's type
 * letter (which sits after the packet header that carries it).
 */

const len = (value: string): FieldDef => ['length', 'u16', `bytes that follow: ${value}`];
const ts: FieldDef = ['timestampNs', 'u64', 'nanoseconds since the session origin'];
const side: FieldDef = ['side', 'side', "'B' buy, 'S' sell"];
const price: FieldDef = ['price', 'i64', "price in the instrument's integer units (LOBSTER: 1/10000 dollar)"];
const origin: readonly FieldDef[] = [
  ['originHigh', 'i32', 'session origin, epoch ns: high 32 bits (signed) of a big-endian i64'],
  ['originLow', 'u32', 'session origin, epoch ns: low 32 bits'],
];
const mdSeq: FieldDef = ['marketDataSeq', 'u64', 'market-data sequence number the decision was made on (0: none); echoed into latency records, not validated'];

// ------------------------------------------------------------------ order entry: session packets

export const SESSION_LAYOUTS: readonly LayoutSpec[] = [
  layout('oe.LoginRequest', 'Login Request (client → venue)', 'L', [
    len('35'),
    ['packetType', 'char', "'L'"],
    ['username', 'text', 6, 'left-aligned, space padded'],
    ['password', 'text', 10, 'left-aligned, space padded'],
    ['session', 'text', 10, 'session to join, right-aligned, space padded; all spaces: the current session'],
    ['sequence', 'u64', 'next sequenced message wanted: 1 = replay all, N = resume after N − 1, 0 = no replay'],
  ]),
  layout('oe.LoginAccepted', 'Login Accepted (venue → client)', 'A', [
    len('27'),
    ['packetType', 'char', "'A'"],
    ['session', 'text', 10, 'the session joined, right-aligned, space padded'],
    ['sequence', 'u64', 'sequence number of the next Sequenced Data packet the client will receive'],
    ...origin,
  ]),
  layout('oe.LoginRejected', 'Login Rejected (venue → client)', 'J', [
    len('2'),
    ['packetType', 'char', "'J'"],
    ['reason', 'alpha', "'A' not authorized, 'S' session not available"],
  ]),
  layout('oe.SequencedData', 'Sequenced Data (venue → client)', 'S', [
    len('9 + message length'),
    ['packetType', 'char', "'S'"],
    ['sequence', 'u64', "this message's sequence number (from 1, +1 per packet, per session)"],
  ], true),
  layout('oe.UnsequencedData', 'Unsequenced Data (client → venue)', 'U', [
    len('1 + message length'),
    ['packetType', 'char', "'U'"],
  ], true),
  layout('oe.Control', "Heartbeats, Logout Request, End of Session", 'R', [
    len('1'),
    ['packetType', 'char', "'R' client heartbeat, 'H' server heartbeat, 'O' logout request, 'Z' end of session"],
  ]),
];

// ------------------------------------------------------------------ order entry: messages

export const ORDER_ENTRY_LAYOUTS: readonly LayoutSpec[] = [
  layout('oe.EnterOrder', 'Enter Order (client → venue)', 'O', [
    ['type', 'char', "'O'"],
    ['token', 'u64', 'client order token, unique within the session'],
    side,
    ['quantity', 'u32', "order quantity in the instrument's size units"],
    ['instrument', 'u16', "the venue's instrument locate code (from 1)"],
    price,
    ['timeInForce', 'alpha', "'0' day, '3' immediate or cancel"],
    ['account', 'u32', 'account (owner) the order trades for'],
    mdSeq,
  ]),
  layout('oe.ReplaceOrder', 'Replace Order (client → venue)', 'U', [
    ['type', 'char', "'U'"],
    ['existingToken', 'u64', 'token of the live order'],
    ['replacementToken', 'u64', 'token the order carries from now on (unique within the session)'],
    ['quantity', 'u32', 'new total quantity, fills included (FIX OrderQty): open = quantity − executed'],
    price,
    mdSeq,
  ]),
  layout('oe.CancelOrder', 'Cancel Order (client → venue)', 'X', [
    ['type', 'char', "'X'"],
    ['token', 'u64', 'token of the live order'],
    ['quantity', 'u32', 'open quantity to keep: 0 cancels the order; not below the open quantity: no effect'],
    mdSeq,
  ]),
  layout('oe.SystemEvent', 'System Event (venue → client)', 'S', [
    ['type', 'char', "'S'"],
    ts,
    ['eventCode', 'alpha', 'system event code (table below)'],
    ['instrument', 'u16', 'instrument locate, 0 = all'],
    ...origin,
  ]),
  layout('oe.Accepted', 'Accepted (venue → client)', 'A', [
    ['type', 'char', "'A'"],
    ts,
    ['token', 'u64', 'the Enter Order token'],
    side,
    ['quantity', 'u32', 'order quantity'],
    ['instrument', 'u16', 'instrument locate'],
    price,
    ['timeInForce', 'alpha', "'0' day, '3' immediate or cancel"],
    ['account', 'u32', 'account'],
    ['orderRef', 'u64', "the venue's order reference (the orderRef of this order on the market-data feed)"],
    ['orderState', 'alpha', "'L' live (resting or about to trade), 'D' dead (e.g. an IOC that will not rest)"],
  ]),
  layout('oe.Replaced', 'Replaced (venue → client)', 'U', [
    ['type', 'char', "'U'"],
    ts,
    ['replacementToken', 'u64', 'the order’s token from now on'],
    ['previousToken', 'u64', 'the token it replaced'],
    side,
    ['quantity', 'u32', 'new total quantity, as requested'],
    ['leavesQuantity', 'u32', 'open quantity after the replace'],
    price,
    ['orderRef', 'u64', 'order reference after the replace (new when priority was lost)'],
    ['orderState', 'alpha', "'L' live, 'D' dead"],
  ]),
  layout('oe.Executed', 'Executed (venue → client)', 'E', [
    ['type', 'char', "'E'"],
    ts,
    ['token', 'u64', "the order's token"],
    ['quantity', 'u32', 'quantity traded'],
    ['price', 'i64', 'execution price (integer units)'],
    ['liquidity', 'alpha', "'A' added (maker: the order was resting), 'R' removed (taker)"],
    ['matchNumber', 'u64', "the fill's number, shared with the other side and the market-data feed"],
  ]),
  layout('oe.Cancelled', 'Cancelled (venue → client)', 'C', [
    ['type', 'char', "'C'"],
    ts,
    ['token', 'u64', "the order's token"],
    ['quantity', 'u32', 'quantity removed from the order (decrement)'],
    ['reason', 'u16', 'reason code ≥ 100 (table below)'],
  ]),
  layout('oe.Rejected', 'Rejected (venue → client)', 'J', [
    ['type', 'char', "'J'"],
    ts,
    ['token', 'u64', 'token named by the request (Replace: the replacement token)'],
    ['requestType', 'alpha', "type letter of the refused request: 'O', 'U' or 'X'"],
    ['reason', 'u16', 'reason code < 100 (table below)'],
  ]),
];

// ------------------------------------------------------------------ market data: packets

const feedHeader = (letter: string, meaning: string): FieldDef[] => [
  len('21 + Σ (2 + message length)'),
  ['packetType', 'char', meaning],
  ['session', 'text', 10, 'session name, right-aligned, space padded (changes when the venue restarts)'],
  ['sequence', 'u64', letter === 'D' ? 'sequence number of the first message (heartbeat: of the next message)' : 'the snapshot is the book after every message up to this sequence number'],
  ['count', 'u16', letter === 'D' ? 'messages in the packet; 0 = heartbeat, 0xFFFF = end of session' : 'messages in the packet'],
];

export const FEED_PACKET_LAYOUTS: readonly LayoutSpec[] = [
  layout('md.Data', 'Data packet (venue → client)', 'D', feedHeader('D', "'D'"), true),
  layout('md.Snapshot', 'Snapshot packet (venue → client)', 'P', feedHeader('P', "'P'"), true),
  layout('md.Block', 'Message block (inside a packet, `count` times)', '', [
    ['length', 'u16', 'message length'],
  ], true),
  layout('md.RetransmitRequest', 'Retransmit Request (client → venue)', 'R', [
    len('21'),
    ['packetType', 'char', "'R'"],
    ['session', 'text', 10, 'session of the messages wanted'],
    ['sequence', 'u64', 'first sequence number wanted'],
    ['count', 'u16', 'number of messages wanted'],
  ]),
  layout('md.SnapshotRequest', 'Snapshot Request (client → venue)', 'Q', [
    len('3'),
    ['packetType', 'char', "'Q'"],
    ['instrument', 'u16', 'instrument locate, 0 = all'],
  ]),
];

// ------------------------------------------------------------------ market data: messages

const prefix = (letter: string): FieldDef[] => [
  ['type', 'char', `'${letter}'`],
  ['instrument', 'u16', 'instrument locate (0 = all instruments: System Event, snapshots)'],
  ts,
];

export const FEED_MESSAGE_LAYOUTS: readonly LayoutSpec[] = [
  layout('md.SystemEvent', 'System Event', 'S', [...prefix('S'), ['eventCode', 'alpha', 'system event code (table below)'], ...origin]),
  layout('md.AddOrder', 'Add Order', 'A', [
    ...prefix('A'),
    ['orderRef', 'u64', "the venue's order reference (the owner's Accepted.orderRef)"],
    side,
    ['quantity', 'u32', 'displayed quantity'],
    price,
  ]),
  layout('md.OrderExecuted', 'Order Executed', 'E', [
    ...prefix('E'),
    ['orderRef', 'u64', 'the resting order'],
    ['quantity', 'u32', 'quantity traded, at the resting order’s price'],
    ['matchNumber', 'u64', "the fill's number (as in both owners' Executed)"],
  ]),
  layout('md.OrderCancel', 'Order Cancel', 'X', [
    ...prefix('X'),
    ['orderRef', 'u64', 'the resting order'],
    ['quantity', 'u32', 'quantity removed; the order keeps its priority'],
  ]),
  layout('md.OrderDelete', 'Order Delete', 'D', [...prefix('D'), ['orderRef', 'u64', 'the order leaving the book']]),
  layout('md.Trade', 'Trade (non-displayed)', 'P', [
    ...prefix('P'),
    ['orderRef', 'u64', 'the resting order, 0 when not on the feed (hidden)'],
    ['side', 'side', "side of the resting order: 'B' buy, 'S' sell"],
    ['quantity', 'u32', 'quantity traded'],
    price,
    ['matchNumber', 'u64', "the fill's number"],
  ]),
  layout('md.SnapshotStart', 'Snapshot Start', 's', [
    ...prefix('s'),
    ['sequence', 'u64', 'the book below is the state after this sequence number'],
    ['orderCount', 'u32', 'Add Order messages that follow'],
    ['tradingState', 'alpha', 'system event code in effect (market hours, halted, …)'],
    ...origin,
  ]),
  layout('md.SnapshotEnd', 'Snapshot End', 'e', [...prefix('e'), ['sequence', 'u64', "repeats the start's sequence"]]),
];

export const ALL_LAYOUTS: readonly LayoutSpec[] = [...SESSION_LAYOUTS, ...ORDER_ENTRY_LAYOUTS, ...FEED_PACKET_LAYOUTS, ...FEED_MESSAGE_LAYOUTS];
