import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BINANCE, realDataPresent } from '../../../../test/realData.ts';
import { L2Ladder } from '../../../book/L2Ladder.ts';
import { BinanceDecoder } from '../../../data/binance/BinanceDecoder.ts';
import { binanceInstrument } from '../../../data/binance/BinanceInstrument.ts';
import { BinanceMessageKind } from '../../../data/binance/BinanceMessage.ts';
import { Side } from '../../../data/EventType.ts';
import { CaptureReplayServer } from './CaptureReplayServer.ts';
import { depthSnapshotJson } from './depthSnapshotJson.ts';
import { LineKind, ReplayCapture } from './ReplayCapture.ts';

describe('depthSnapshotJson', () => {
  it('writes a body the project decoder reads back exactly (best first, limit per side, futures times)', () => {
    const inst = binanceInstrument('BTCUSDT', 'usdm');
    const book = new L2Ladder();
    for (const [side, p, q] of [[1, 617_000, 1], [1, 616_999, 12_345], [1, 5, 7], [-1, 617_001, 2_500], [-1, 700_000, 1]] as const) book.setLevel(side, p, q);
    const body = depthSnapshotJson(book, 5123107856276, inst, 2, { eventTimeMs: 1723161256567, transactionTimeMs: 1723161256560 });
    expect(body.toString()).toBe(
      '{"lastUpdateId":5123107856276,"E":1723161256567,"T":1723161256560,"bids":[["61700.0","0.001"],["61699.9","12.345"]],"asks":[["61700.1","2.500"],["70000.0","0.001"]]}',
    );
    const m = new BinanceDecoder({ priceDecimals: 1, sizeDecimals: 3 }).decode(body);
    expect(m.kind).toBe(BinanceMessageKind.DepthSnapshot);
    expect([m.lastUpdateId, m.bidCount, m.askCount, m.bidPrice[1], m.bidSize[1], m.askPrice[0], m.askSize[0]]).toEqual([5123107856276, 2, 2, 616_999, 12_345, 617_001, 2_500]);
    expect(book.sizeAt(Side.Buy, 5)).toBe(7); // not written (limit), still in the book
  });
});

describe.skipIf(!realDataPresent)('CaptureReplayServer', () => {
  let capture: ReplayCapture;
  let server: CaptureReplayServer;
  beforeAll(async () => {
    capture = await ReplayCapture.load(BINANCE.captures.spotEth.map((f) => BINANCE.path(f)), { maxLines: 2000 });
    server = await CaptureReplayServer.start(capture);
  });
  afterAll(() => server.close());

  it('indexes the capture: kinds, update ids, the recorded snapshot, exact receive-time offsets', () => {
    expect(capture.lines).toBe(2000);
    expect(capture.market).toBe('spot');
    expect(capture.instrument.symbol).toBe('ETHUSDT');
    expect(capture.kind[capture.snapshotLine]).toBe(LineKind.Snapshot);
    expect(capture.updateId[capture.snapshotLine]).toBe(35346513512);
    expect(capture.recvNs[0]).toBe(0);
    // Lines 0 and 1 of spot_ethusdt_20240808: 1723161254024619568 and 1723161254036052868.
    expect(capture.recvNs[1]).toBe(11_433_300);
    expect(capture.json(0).toString().startsWith('{"stream":"ethusdt@bookTicker"')).toBe(true);
    expect(capture.linesOf(LineKind.Other)).toEqual([]);
  });

  it('answers REST errors like the venue: unknown path 404, wrong symbol 400', async () => {
    const base = server.endpoints.restBaseUrl;
    expect((await fetch(`${base}/api/v3/nothing`)).status).toBe(404);
    const bad = await fetch(`${base}/api/v3/depth?symbol=BTCUSDT&limit=10`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('{"code":-1121,"msg":"Invalid symbol."}');
  });

  it('replays the recorded frames byte for byte, and serves the book at the replay position', async () => {
    const ws = new WebSocket(`${server.endpoints.wsBaseUrl}/stream?streams=ethusdt@depth@100ms`);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    await server.finished;
    await new Promise<void>((resolve) => {
      const check = () => (frames.length === capture.lines - 1 ? resolve() : setTimeout(check, 2));
      check();
    });
    ws.terminate();
    const sent = Array.from({ length: capture.lines }, (_, i) => i).filter((i) => i !== capture.snapshotLine);
    expect(frames.map((f) => f.toString())).toEqual(sent.map((i) => capture.json(i).toString()));
    const res = await fetch(`${server.endpoints.restBaseUrl}/api/v3/depth?symbol=ETHUSDT&limit=5`);
    const m = new BinanceDecoder({ priceDecimals: 2, sizeDecimals: 5 }).decode(Buffer.from(await res.arrayBuffer()));
    expect(m.lastUpdateId).toBe(server.referenceUpdateId);
    expect(m.lastUpdateId).toBe(Math.max(...capture.linesOf(LineKind.Depth).map((l) => capture.updateId[l])));
    expect([m.bidCount, m.askCount]).toEqual([5, 5]);
    expect(m.bidPrice[0]).toBeLessThan(m.askPrice[0]);
  });
});
