import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINANCE, LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { trainDayModel } from '../engine/testkit.ts';
import { prepareBinanceSession, runBinanceVenue, type BinanceVenueSpec } from './runBinanceVenue.ts';

/**
 * The paper path end to end on real captures of ../shared/data/binance: the Binance gateway connects to
 * the local CaptureReplayServer (127.0.0.1; no test touches the network), its events drive the session,
 * the strategy's orders go to the paper venue. The run is then repeated offline from the very events the
 * gateway delivered, through an identical session: the result must be identical (deterministic given the
 * event sequence; no clock or randomness involved).
 */
function copy(b: EventBatch): EventBatch {
  const c = new EventBatch(Math.max(1, b.length), b.originNs, b.instruments);
  for (let i = 0; i < b.length; i++) c.push(b.exchTs[i], b.localTs[i], b.type[i], b.side[i], b.price[i], b.size[i], b.orderId[i], b.seq[i], b.flags[i], b.instrument[i]);
  return c;
}

async function runAndReplay(spec: BinanceVenueSpec) {
  const delivered: EventBatch[] = [];
  const outcome = await runBinanceVenue({ ...spec, onEvents: (b) => delivered.push(copy(b)) });
  // The same events through a fresh, identically built session (no gateway, no server).
  const { session, entry } = await prepareBinanceSession(spec, outcome.instrument, 'exchange');
  for (const b of delivered) session.onEvents(b);
  session.end(true);
  await entry.close();
  return { outcome, offline: session.result(), events: delivered.reduce((n, b) => n + b.length, 0) };
}

describe.skipIf(!realDataPresent)('tachyon live --binance, paper, on replayed real captures', () => {
  it('spot BTCUSDT (first 30 000 lines), the maker: orders, fills, position and paper P&L add up; the offline rerun is identical', async () => {
    const files = BINANCE.captures.spotBtc.map((f) => BINANCE.path(f));
    const { outcome, offline, events } = await runAndReplay({ source: { kind: 'replay', files, maxLines: 30_000 }, policy: 'maker', modelPath: null, qty: 0.001 });
    const { result: r, summary: s } = outcome;
    expect(s.venue).toBe('paper');
    expect((s.source as { complete: boolean }).complete).toBe(true);
    // The replay server heard the stream subscription and the depth snapshot request, nothing else.
    expect(s.replayServer).toMatchObject({ paths: ['/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker'], snapshotRequests: 1 });
    expect(r.events).toBe(events);
    expect(r.gaps).toBe(0);
    expect(r.ticks).toBeGreaterThan(10_000);
    expect(r.orders).toBeGreaterThan(50);
    expect(r.fills).toBeGreaterThan(50);
    expect(r.makerFills).toBe(r.fills); // the maker never crosses the spread it sees
    expect(r.position).toBe(r.boughtQty - r.soldQty);
    expect(Math.abs(r.position)).toBeLessThanOrEqual(5_000); // 5 × 0.001 BTC
    expect(r.openOrders).toBe(0); // cancelled at the end
    expect(r.pnl).toBeCloseTo(r.cash + (r.position / 1e6) * (r.lastMid / 100), 6);
    expect(r.fees).toBeGreaterThan(0);
    expect(s.entry).toMatchObject({ mode: 'paper', refused: 0 });
    expect(offline).toEqual(r);
  });

  it('USD-M ETHUSDT (first 20 000 lines): futures sequencing, the USD-M fee schedule', async () => {
    const files = BINANCE.captures.usdmEth.map((f) => BINANCE.path(f));
    const { outcome, offline } = await runAndReplay({ source: { kind: 'replay', files, maxLines: 20_000 }, policy: 'maker', modelPath: null, qty: 0.01 });
    const r = outcome.result;
    expect(outcome.summary.venueDescription).toMatch(/Binance USD-M VIP 0: maker 2 bps/);
    expect(r.ticks).toBeGreaterThan(1000);
    expect(r.orders).toBeGreaterThan(0);
    expect(r.gaps).toBe(0);
    expect(offline).toEqual(r);
  });

  it('the model path: a model trained on the GOOG LOBSTER day drives the taker on Binance events (mechanics only: its inputs are out of distribution)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-venue-model-'));
    try {
      const { path } = await trainDayModel(LOBSTER.pair('GOOG', 10).messages, LOBSTER.pair('GOOG', 10).orderbook, dir);
      const files = BINANCE.captures.spotBtc.map((f) => BINANCE.path(f));
      const logs: string[] = [];
      const { outcome, offline } = await runAndReplay({ source: { kind: 'replay', files, maxLines: 20_000 }, policy: 'taker', modelPath: path, qty: 0.001, log: (l) => logs.push(l) });
      const r = outcome.result;
      expect(logs.some((l) => /trained on LOBSTER \(NASDAQ\) data only/.test(l))).toBe(true);
      expect(r.predictions).toBeGreaterThan(100);
      expect(r.orders).toBeGreaterThan(0);
      expect(r.makerFills).toBe(0); // IOC at the touch: taker fills only
      expect(r.position).toBe(r.boughtQty - r.soldQty);
      expect(offline).toEqual(r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
