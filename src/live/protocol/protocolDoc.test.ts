import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedMessage, FeedPacket, OrderEntryMessage, SessionPacket, SystemEventCode, WIRE_REASON_NAMES } from './codes.ts';
import { FrameReader } from './FrameReader.ts';
import { MarketDataDecoder } from './MarketDataDecoder.ts';
import { OrderEntryClientDecoder, OrderEntryVenueDecoder } from './OrderEntryDecoder.ts';
import { getOriginNs } from './orderEntryMessages.ts';
import { PROTOCOL_ERROR_NAMES } from './ProtocolError.ts';
import {
  documentBlocks,
  ERROR_MEANINGS,
  generatedBlocks,
  marketDataExample,
  orderEntryExample,
  REASON_MEANINGS,
  SYSTEM_EVENT_MEANINGS,
  updateDocument,
} from './protocolDoc.ts';
import { getText, wireView } from './wire.ts';
import { newYorkMidnightNs } from '../../data/lobster/lobsterOrigin.ts';

const DOC = fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url));

describe('docs/protocol.md', () => {
  it('shows every layout, code table and example exactly as the code produces them', () => {
    let text = readFileSync(DOC, 'utf8');
    const blocks = generatedBlocks();
    if (process.env.UPDATE_PROTOCOL_DOC === '1') {
      writeFileSync(DOC, updateDocument(text, blocks));
      text = readFileSync(DOC, 'utf8');
    }
    const found = documentBlocks(text);
    const hint = 'regenerate with UPDATE_PROTOCOL_DOC=1 npx vitest run src/live/protocol/protocolDoc.test.ts';
    for (const [key, body] of blocks) expect(found.get(key), `block "${key}" (${hint})`).toBe(body);
    for (const key of found.keys()) expect(blocks.has(key), `unknown block "${key}"`).toBe(true);
  });

  it('has a meaning for every reason, system event and error code', () => {
    for (const code of Object.keys(WIRE_REASON_NAMES)) expect(REASON_MEANINGS[Number(code)], code).toBeTruthy();
    for (const code of Object.values(SystemEventCode)) expect(SYSTEM_EVENT_MEANINGS[code]).toBeTruthy();
    for (let code = 1; code < PROTOCOL_ERROR_NAMES.length; code++) expect(ERROR_MEANINGS[code]).toBeTruthy();
  });
});

describe('the documented examples decode to what their captions say', () => {
  it('order entry: login, enter, accepted, executed, heartbeat', () => {
    const frames = orderEntryExample().map((e) => e.bytes);
    const stream = Uint8Array.from(frames.flatMap((f) => [...f]));
    const reader = new FrameReader();
    const venue = new OrderEntryVenueDecoder(reader.errors);
    const client = new OrderEntryClientDecoder(reader.errors);
    reader.push(stream);
    const seen: string[] = [];
    for (let i = 0; reader.next(); i++) {
      // frames 0, 2, 5 go client → venue
      const toVenue = i === 0 || i === 2 || i === 5;
      const p = toVenue ? venue.decode(reader.view, reader.start, reader.end) : client.decode(reader.view, reader.start, reader.end);
      expect(p).not.toBe(0);
      seen.push(String.fromCharCode(p) + (toVenue ? String.fromCharCode(venue.messageType || 32) : String.fromCharCode(client.messageType || 32)).trim());
    }
    expect(seen).toEqual(['L', 'A', 'UO', 'SA', 'SE', 'R']);
    expect(getText(venue.loginRequest.username)).toBe('trader');
    expect(getText(client.loginAccepted.session)).toBe('S20120621');
    expect(getOriginNs(client.loginAccepted)).toBe(newYorkMidnightNs('2012-06-21'));
    expect(venue.enterOrder).toMatchObject({ token: 1, side: 1, quantity: 100, price: 5_850_000, account: 7, marketDataSeq: 41 });
    expect(client.accepted).toMatchObject({ token: 1, orderRef: 1001, timestampNs: 34_200_000_100_000 });
    expect(client.executed).toMatchObject({ token: 1, quantity: 100, matchNumber: 5001 });
    expect(client.sequence).toBe(2);
    expect(venue.packetType).toBe(SessionPacket.ClientHeartbeat);
    expect(client.messageType).toBe(OrderEntryMessage.Executed);
  });

  it('market data: data packet, snapshot request, snapshot, heartbeat', () => {
    const ex = marketDataExample();
    const md = new MarketDataDecoder();
    const body = (i: number): [DataView, number, number] => [wireView(ex[i].bytes), 2, ex[i].bytes.length];
    expect(md.decodePacket(...body(0))).toBe(FeedPacket.SequencedData);
    expect([md.nextMessage(), md.messageSequence, md.addOrder.orderRef]).toEqual([FeedMessage.AddOrder, 41, 1001]);
    expect([md.nextMessage(), md.messageSequence, md.orderExecuted.matchNumber]).toEqual([FeedMessage.OrderExecuted, 42, 5001]);
    expect(md.nextMessage()).toBe(0);
    expect(ex[1].bytes[2]).toBe(FeedPacket.SnapshotRequest);
    expect(md.decodePacket(...body(2))).toBe(FeedPacket.Snapshot);
    expect([md.nextMessage(), md.snapshotStart.sequence, md.snapshotStart.orderCount]).toEqual([FeedMessage.SnapshotStart, 42, 1]);
    expect([md.nextMessage(), md.addOrder.orderRef, md.addOrder.side]).toEqual([FeedMessage.AddOrder, 977, -1]);
    expect([md.nextMessage(), md.snapshotEnd.sequence, md.nextMessage()]).toEqual([FeedMessage.SnapshotEnd, 42, 0]);
    expect(md.decodePacket(...body(3))).toBe(FeedPacket.SequencedData);
    expect([md.isHeartbeat, md.sequence]).toEqual([true, 43]);
  });
});
