import { FeedPacket, LiquidityFlag, OrderState, SessionPacket, SystemEventCode, TimeInForce, WIRE_REASON_NAMES, WireReason } from './codes.ts';
import { FeedPacketWriter } from './FeedPacketWriter.ts';
import { writeSnapshotRequestFrame } from './FeedPacketWriter.ts';
import type { LayoutSpec } from './layout.ts';
import { PROTOCOL_ERROR_NAMES, ProtocolError, ProtocolErrorAction, protocolErrorAction } from './ProtocolError.ts';
import { ALL_LAYOUTS } from './layouts.ts';
import { encodeFeedAddOrder, encodeFeedOrderExecuted, encodeFeedSnapshotEnd, encodeFeedSnapshotStart } from './marketDataCodec.ts';
import { FeedAddOrder, FeedOrderExecuted, FeedSnapshotEnd, FeedSnapshotStart, SnapshotRequest } from './marketDataMessages.ts';
import { encodeEnterOrder, encodeOrderAccepted, encodeOrderExecuted } from './orderEntryCodec.ts';
import { EnterOrder, OrderAccepted, OrderExecuted, setOriginNs } from './orderEntryMessages.ts';
import {
  LoginAccepted,
  LoginRequest,
  SEQUENCED_HEADER_LENGTH,
  UNSEQUENCED_HEADER_LENGTH,
  writeControlFrame,
  writeLoginAcceptedFrame,
  writeLoginRequestFrame,
  writeSequencedHeader,
  writeUnsequencedHeader,
} from './sessionPackets.ts';
import { setText, wireView } from './wire.ts';

/**
 * The generated parts of docs/protocol.md: one table per layout and the example sessions as hex dumps,
 * produced by the real encoders. protocolDoc.test.ts fails when the document differs from them and
 * rewrites the blocks when run with UPDATE_PROTOCOL_DOC=1. Blocks are delimited by
 * `<!-- generated:KEY -->` and `<!-- /generated -->`.
 */

const TYPE_NAMES: Record<string, string> = {
  char: 'char',
  alpha: 'alpha',
  side: 'alpha',
  u16: 'u16 BE',
  u32: 'u32 BE',
  i32: 'i32 BE',
  u64: 'u64 BE',
  i64: 'i64 BE',
  text: 'ASCII',
};

export function renderLayout(spec: LayoutSpec): string {
  const rows = [`#### ${spec.title}`, '', '| offset | length | field | type | meaning |', '|---:|---:|---|---|---|'];
  for (const f of spec.fields) rows.push(`| ${f.offset} | ${f.length} | \`${f.name}\` | ${TYPE_NAMES[f.type]} | ${f.meaning} |`);
  const total = spec.variableTail ? `${spec.length} + what follows` : `${spec.length}`;
  rows.push(`| | **${total}** | | | |`);
  return rows.join('\n');
}

/** `xxd`-like: offset, 16 bytes in two groups of 8, printable ASCII. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, Math.min(i + 16, bytes.length));
    let hex = '';
    let text = '';
    for (let j = 0; j < 16; j++) {
      if (j === 8) hex += ' ';
      hex += j < row.length ? row[j].toString(16).padStart(2, '0') + ' ' : '   ';
      if (j < row.length) text += row[j] >= 0x20 && row[j] < 0x7f ? String.fromCharCode(row[j]) : '.';
    }
    lines.push(`${i.toString(16).padStart(4, '0')}  ${hex} |${text}|`);
  }
  return lines.join('\n');
}

interface Example {
  readonly caption: string;
  readonly bytes: Uint8Array;
}

/** A day in the sandbox: origin New York midnight of 2012-06-21 (LOBSTER's GOOG day), 09:30:00.000100. */
const ORIGIN_NS = 1340251200n * 1_000_000_000n;
const T_OPEN = 34_200_000_100_000;

/** An order-entry session: login, enter, accepted, executed, heartbeat. */
export function orderEntryExample(): Example[] {
  const buf = new Uint8Array(256);
  const v = wireView(buf);
  const out: Example[] = [];
  const take = (caption: string, n: number): void => {
    out.push({ caption, bytes: buf.slice(0, n) });
  };

  const login = new LoginRequest();
  setText(login.username, 'trader');
  setText(login.password, 'secret');
  login.sequence = 1;
  take("client → venue: Login Request, user 'trader', current session, replay from sequence 1", writeLoginRequestFrame(v, 0, login));

  const accepted = new LoginAccepted();
  setText(accepted.session, 'S20120621', true);
  accepted.sequence = 1;
  setOriginNs(accepted, ORIGIN_NS);
  take("venue → client: Login Accepted, session '␠S20120621', next sequence 1, origin 2012-06-21T04:00:00Z (New York midnight)", writeLoginAcceptedFrame(v, 0, accepted));

  const enter = new EnterOrder();
  enter.token = 1;
  enter.side = 1;
  enter.quantity = 100;
  enter.instrument = 1;
  enter.price = 5_850_000;
  enter.timeInForce = TimeInForce.Day;
  enter.account = 7;
  enter.marketDataSeq = 41;
  let n = encodeEnterOrder(v, UNSEQUENCED_HEADER_LENGTH, enter);
  take('client → venue: Enter Order, token 1, buy 100 of instrument 1 at $585.0000 (5850000 units), day, account 7, decided on market-data message 41', writeUnsequencedHeader(v, 0, n));

  const ack = new OrderAccepted();
  ack.timestampNs = T_OPEN;
  ack.token = 1;
  ack.side = 1;
  ack.quantity = 100;
  ack.instrument = 1;
  ack.price = 5_850_000;
  ack.timeInForce = TimeInForce.Day;
  ack.account = 7;
  ack.orderRef = 1001;
  ack.orderState = OrderState.Live;
  n = encodeOrderAccepted(v, SEQUENCED_HEADER_LENGTH, ack);
  take('venue → client: sequence 1, Accepted at 09:30:00.000100 (34200000100000 ns after the origin), order reference 1001, live', writeSequencedHeader(v, 0, 1, n));

  const fill = new OrderExecuted();
  fill.timestampNs = T_OPEN + 2_500;
  fill.token = 1;
  fill.quantity = 100;
  fill.price = 5_850_000;
  fill.liquidity = LiquidityFlag.Added;
  fill.matchNumber = 5001;
  n = encodeOrderExecuted(v, SEQUENCED_HEADER_LENGTH, fill);
  take('venue → client: sequence 2, Executed 100 at 5850000, maker (added liquidity), match 5001', writeSequencedHeader(v, 0, 2, n));

  take('client → venue: Client Heartbeat', writeControlFrame(v, 0, SessionPacket.ClientHeartbeat));
  return out;
}

/** Market data: a Data packet, then the snapshot exchange. */
export function marketDataExample(): Example[] {
  const buf = new Uint8Array(512);
  const v = wireView(buf);
  const out: Example[] = [];
  const w = new FeedPacketWriter();
  w.setSession('S20120621');

  w.begin(v, 0, FeedPacket.SequencedData, 41);
  const add = new FeedAddOrder();
  add.instrument = 1;
  add.timestampNs = T_OPEN;
  add.orderRef = 1001;
  add.side = 1;
  add.quantity = 100;
  add.price = 5_850_000;
  w.commit(encodeFeedAddOrder(v, w.messageOffset, add));
  const exe = new FeedOrderExecuted();
  exe.instrument = 1;
  exe.timestampNs = T_OPEN + 2_500;
  exe.orderRef = 1001;
  exe.quantity = 100;
  exe.matchNumber = 5001;
  w.commit(encodeFeedOrderExecuted(v, w.messageOffset, exe));
  out.push({ caption: 'venue → client: Data packet, messages 41 (Add Order 1001: buy 100 at 5850000) and 42 (Order Executed 1001: 100, match 5001)', bytes: buf.slice(0, w.end()) });

  const req = new SnapshotRequest();
  out.push({ caption: 'client → venue: Snapshot Request, all instruments', bytes: buf.slice(0, writeSnapshotRequestFrame(v, 0, req)) });

  w.begin(v, 0, FeedPacket.Snapshot, 42);
  const start = new FeedSnapshotStart();
  start.instrument = 1;
  start.timestampNs = T_OPEN + 9_000;
  start.sequence = 42;
  start.orderCount = 1;
  start.tradingState = SystemEventCode.StartOfMarketHours;
  setOriginNs(start, ORIGIN_NS);
  w.commit(encodeFeedSnapshotStart(v, w.messageOffset, start));
  add.orderRef = 977;
  add.side = -1;
  add.quantity = 300;
  add.price = 5_851_000;
  add.timestampNs = T_OPEN - 1_000_000;
  w.commit(encodeFeedAddOrder(v, w.messageOffset, add));
  const end = new FeedSnapshotEnd();
  end.instrument = 1;
  end.timestampNs = T_OPEN + 9_000;
  end.sequence = 42;
  w.commit(encodeFeedSnapshotEnd(v, w.messageOffset, end));
  out.push({ caption: 'venue → client: Snapshot packet consistent with sequence 42: Snapshot Start (1 order, market open), Add Order 977 (sell 300 at 5851000), Snapshot End', bytes: buf.slice(0, w.end()) });

  out.push({ caption: 'venue → client: heartbeat, next sequence 43', bytes: buf.slice(0, w.heartbeat(v, 0, 43)) });
  return out;
}

/** Meaning of every WireReason code (the docs' reason table; a test checks that none is missing). */
export const REASON_MEANINGS: Readonly<Record<number, string>> = {
  [WireReason.None]: 'no reason (not sent)',
  [WireReason.NonPositiveSize]: 'quantity is 0',
  [WireReason.NonIntegerSize]: 'reserved (a wire quantity is always an integer)',
  [WireReason.OffLotSize]: "quantity is not a multiple of the instrument's lot",
  [WireReason.InvalidPrice]: 'price is not positive',
  [WireReason.OffTickPrice]: "price is not a multiple of the instrument's tick",
  [WireReason.UnknownOrder]: 'Replace or Cancel of a token that is not live (never seen, filled, cancelled)',
  [WireReason.DuplicateOrderId]: 'Enter Order or Replace Order reusing a token of this session',
  [WireReason.InvalidOrderId]: 'token is 0',
  [WireReason.InvalidSide]: "side is neither 'B' nor 'S'",
  [WireReason.InvalidOrderType]: 'reserved',
  [WireReason.InvalidTimeInForce]: "time in force is neither '0' nor '3'",
  [WireReason.UnknownInstrument]: 'the instrument locate is not traded here',
  [WireReason.NotAuthorized]: 'the session may not trade for this account',
  [WireReason.MarketClosed]: 'outside the hours the venue accepts orders',
  [WireReason.Halted]: 'trading is halted',
  [WireReason.Throttled]: 'the session sends faster than the venue accepts',
  [WireReason.Malformed]: 'the request could not be decoded (a field outside its domain)',
  [WireReason.NoLiquidity]: 'IOC remainder: nothing left to match at the limit',
  [WireReason.SelfTrade]: 'self-trade prevention (same account on both sides)',
  [WireReason.Requested]: 'the owner asked (Cancel Order, or the quantity a Replace gave back)',
  [WireReason.EndOfDay]: 'day orders at the end of the session',
  [WireReason.Supervisory]: 'an operator or a venue risk control (mass cancel, kill switch)',
  [WireReason.Disconnected]: 'cancel-on-disconnect: the owning session went away',
};

export const SYSTEM_EVENT_MEANINGS: Readonly<Record<number, string>> = {
  [SystemEventCode.StartOfMessages]: 'start of messages: the first message of the session',
  [SystemEventCode.StartOfSystemHours]: 'start of system hours: orders are accepted',
  [SystemEventCode.StartOfMarketHours]: 'start of market hours: continuous trading',
  [SystemEventCode.EndOfMarketHours]: 'end of market hours',
  [SystemEventCode.EndOfSystemHours]: 'end of system hours: orders are refused',
  [SystemEventCode.EndOfMessages]: 'end of messages: the last message of the session',
  [SystemEventCode.Halted]: 'trading halted (LOBSTER trading state −1)',
  [SystemEventCode.QuotationOnly]: 'quoting resumes, trading still halted (LOBSTER 0)',
  [SystemEventCode.TradingResumed]: 'trading resumes (LOBSTER 1)',
};

export const ERROR_MEANINGS: Readonly<Record<number, string>> = {
  [ProtocolError.EmptyFrame]: 'a length prefix of 0 (no packet type)',
  [ProtocolError.FrameTooLong]: "a length prefix above the reader's maximum: the stream is not aligned on frames",
  [ProtocolError.TruncatedStream]: 'the connection closed inside a frame',
  [ProtocolError.UnknownPacketType]: 'a packet type this side does not accept (including the other direction’s)',
  [ProtocolError.UnknownMessageType]: 'a message type this side does not accept',
  [ProtocolError.Truncated]: "shorter than the type's fixed length",
  [ProtocolError.BadLength]: "longer than the type's fixed length, or bytes after a packet's last block",
  [ProtocolError.BadField]: 'a field outside its domain: side, time in force, a code letter, non-printable text, an integer beyond 2^53 − 1 (`errorField` names it)',
  [ProtocolError.BlockOverrun]: "a market-data block runs past its packet's end (or the count promises more blocks than there are)",
};

function renderCodeTables(): Map<string, string> {
  const t = new Map<string, string>();
  const reasons = ['| code | name | meaning |', '|---:|---|---|'];
  for (const [code, name] of Object.entries(WIRE_REASON_NAMES)) if (Number(code) > 0) reasons.push(`| ${code} | \`${name}\` | ${REASON_MEANINGS[Number(code)]} |`);
  t.set('codes.reasons', reasons.join('\n'));
  const events = ['| letter | name | meaning |', '|---|---|---|'];
  for (const [name, code] of Object.entries(SystemEventCode)) events.push(`| '${String.fromCharCode(code)}' | \`${name}\` | ${SYSTEM_EVENT_MEANINGS[code]} |`);
  t.set('codes.systemEvents', events.join('\n'));
  const errors = ['| code | name | action | meaning |', '|---:|---|---|---|'];
  for (let code = 1; code < PROTOCOL_ERROR_NAMES.length; code++) {
    const action = protocolErrorAction(code as ProtocolError) === ProtocolErrorAction.Drop ? '**drop connection**' : 'skip frame';
    errors.push(`| ${code} | \`${PROTOCOL_ERROR_NAMES[code]}\` | ${action} | ${ERROR_MEANINGS[code]} |`);
  }
  t.set('codes.errors', errors.join('\n'));
  return t;
}

function renderExamples(examples: Example[]): string {
  return examples.map((e) => `${e.caption}:\n\n\`\`\`\n${hexDump(e.bytes)}\n\`\`\``).join('\n\n');
}

/** Every generated block of docs/protocol.md by key. */
export function generatedBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const spec of ALL_LAYOUTS) blocks.set(spec.key, renderLayout(spec));
  for (const [k, v] of renderCodeTables()) blocks.set(k, v);
  blocks.set('example.orderEntry', renderExamples(orderEntryExample()));
  blocks.set('example.marketData', renderExamples(marketDataExample()));
  return blocks;
}

const BLOCK = /<!-- generated:([\w.]+) -->\n([\s\S]*?)\n?<!-- \/generated -->/g;

/** The blocks present in a document, by key. */
export function documentBlocks(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(BLOCK)) found.set(m[1], m[2].trim());
  return found;
}

/** The document with every generated block replaced by its current rendering. */
export function updateDocument(text: string, blocks: Map<string, string>): string {
  return text.replace(BLOCK, (whole, key: string) => {
    const body = blocks.get(key);
    return body === undefined ? whole : `<!-- generated:${key} -->\n${body}\n<!-- /generated -->`;
  });
}
