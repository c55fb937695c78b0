import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../../test/realData.ts';
import { BinanceTickerChecker } from '../../book/BinanceBookVerifier.ts';
import type { L2Ladder } from '../../book/L2Ladder.ts';
import { SeededRng } from '../../core/rng.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventType, Side } from '../../data/EventType.ts';
import { BinanceMarketDataGateway, type BinanceGatewayOptions, type DisconnectReason } from './BinanceMarketDataGateway.ts';
import type { FeedGap } from './BinanceFeedHandler.ts';
import type { OverflowReport } from './ConsumerQueue.ts';
import { ReconnectBackoff, type BackoffPolicy } from './ReconnectBackoff.ts';
import { CaptureReplayServer, type CaptureReplayOptions } from './testkit/CaptureReplayServer.ts';
import { LineKind, ReplayCapture } from './testkit/ReplayCapture.ts';

/**
 * The gateway against a local server replaying the real captures of ../shared/data/binance (no test
 * touches the network). The consumer feeds BinanceTickerChecker — the offline verifier's comparison —
 * so every bookTicker whose `u` is a state the book reaches is compared with the book at that `u`; and
 * after every message the gateway's own book is compared with the book the events rebuild.
 */
const RECONNECT: BackoffPolicy = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0.5 };
const SNAPSHOT_RETRY: BackoffPolicy = { initialMs: 5, maxMs: 50, multiplier: 2, jitter: 0.5 };
const SEED = 7;

interface Run {
  server: CaptureReplayServer;
  gw: BinanceMarketDataGateway;
  checker: BinanceTickerChecker;
  /** Messages after which the gateway's book and the events' book were compared / differed. */
  bookComparisons: number;
  bookDifferences: number;
  gaps: FeedGap[];
  disconnects: { reason: DisconnectReason; delayMs: number; checksBefore: number }[];
  overflows: OverflowReport[];
  malformed: string[];
  /** SnapshotStart events the (async) consumer received. */
  snapshotsSeen: number;
}

const runs: Run[] = [];
afterEach(async () => {
  for (const r of runs.splice(0)) {
    await r.gw.stop();
    await r.server.close();
  }
});

/** Top `n` levels of both sides as one comparable list. */
function top(book: L2Ladder, n: number): number[] {
  const out: number[] = [];
  for (const side of [Side.Buy, Side.Sell]) {
    for (let r = 0; r < Math.min(n, book.depth(side)); r++) out.push(side, book.priceAt(side, r), book.sizeAtRank(side, r));
  }
  return out;
}

function sameBook(a: L2Ladder, b: L2Ladder, levels = Infinity): boolean {
  const n = Math.min(levels, Math.max(a.depth(1), a.depth(-1), b.depth(1), b.depth(-1)));
  const x = top(a, n);
  const y = top(b, n);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function replay(
  capture: ReplayCapture,
  serverOptions: CaptureReplayOptions = {},
  gatewayOptions: Partial<BinanceGatewayOptions> = {},
  asyncConsumerMs = 0,
): Promise<Run> {
  const server = await CaptureReplayServer.start(capture, serverOptions);
  const checker = new BinanceTickerChecker(5);
  const run: Run = { server, gw: undefined as never, checker, bookComparisons: 0, bookDifferences: 0, gaps: [], disconnects: [], overflows: [], malformed: [], snapshotsSeen: 0 };
  const compare = (): void => {
    if (run.gw.bookValid && checker.valid) {
      run.bookComparisons++;
      if (!sameBook(run.gw.book, checker.book, 10)) run.bookDifferences++;
    }
  };
  const onEvents: BinanceGatewayOptions['onEvents'] =
    asyncConsumerMs > 0
      ? async (b) => {
          await new Promise((r) => setTimeout(r, asyncConsumerMs));
          checker.consume(b); // the batch stays valid until this promise settles
          for (let i = 0; i < b.length; i++) if (b.type[i] === EventType.SnapshotStart) run.snapshotsSeen++;
        }
      : (b) => {
          checker.consume(b);
          compare();
        };
  run.gw = new BinanceMarketDataGateway({
    symbol: capture.instrument.symbol,
    market: capture.market,
    endpoints: server.endpoints,
    depthSpeed: capture.market === 'spot' ? '100ms' : '0ms',
    rng: new SeededRng(SEED),
    reconnectBackoff: RECONNECT,
    snapshotBackoff: SNAPSHOT_RETRY,
    onEvents,
    onGap: (g) => run.gaps.push(g),
    onOverflow: (r) => run.overflows.push(r),
    onMalformed: (k) => run.malformed.push(k),
    onDisconnect: (reason, delayMs) => run.disconnects.push({ reason, delayMs, checksBefore: checker.checks }),
    ...gatewayOptions,
  });
  runs.push(run);
  run.gw.start();
  return run;
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Until the timeline is sent, the gateway has every frame of its connection and its book is live. */
async function finish(run: Run): Promise<void> {
  await run.server.finished;
  await waitFor('the last frames', () => {
    const conn = run.server.currentConnection;
    return conn !== undefined && run.gw.stats.framesThisConnection === conn.framesSent && run.gw.status === 'live';
  });
  run.checker.finish();
}

function expectBookMatchesEveryTicker(run: Run): void {
  expect(run.checker.examples).toEqual([]);
  expect(run.checker.mismatches).toBe(0);
  expect(run.bookDifferences).toBe(0);
  expect(sameBook(run.gw.book, run.checker.book)).toBe(true);
}

/** Line index of the k-th diff after the capture's recorded snapshot. */
function diffAfterSnapshot(c: ReplayCapture, k: number): number {
  return c.linesOf(LineKind.Depth, c.snapshotLine + 1)[k];
}

describe.skipIf(!realDataPresent)('BinanceMarketDataGateway against the replayed real captures', () => {
  let spotBtc: ReplayCapture;
  let usdmEth: ReplayCapture;
  let spotEth: ReplayCapture;
  let usdmBtc: ReplayCapture;
  beforeAll(async () => {
    const load = (name: string, maxLines?: number) => ReplayCapture.load(BINANCE.captures[name].map((f) => BINANCE.path(f)), { maxLines });
    [spotBtc, usdmEth, spotEth, usdmBtc] = await Promise.all([load('spotBtc'), load('usdmEth'), load('spotEth', 25_000), load('usdmBtc', 25_000)]);
  });

  it('spot BTCUSDT, whole capture (both files): the book equals every comparable bookTicker, 0 gaps', async () => {
    const run = await replay(spotBtc);
    await finish(run);
    const r = run.gw.report();
    expect(run.server.connections.map((c) => c.path)).toEqual(['/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker']);
    expect(r.feed).toMatchObject({ gaps: 0, malformed: 0, snapshotsApplied: 1, depthMessages: 6495, tradeMessages: 19904, bookTickerMessages: 73174 });
    expect(r.feed.diffsApplied + r.feed.diffsStale).toBe(6495);
    expect(r.gateway).toMatchObject({ connects: 1, snapshotRequests: 1, snapshotFailures: 0, resyncs: 0 });
    expect(run.gaps).toEqual([]);
    expect(run.checker.checks).toBeGreaterThan(1000);
    expect(run.bookComparisons).toBeGreaterThan(90_000);
    expectBookMatchesEveryTicker(run);
  });

  it('USD-M ETHUSDT, whole capture (pu chain): the book equals every comparable bookTicker, 0 gaps', async () => {
    const run = await replay(usdmEth);
    await finish(run);
    const r = run.gw.report();
    expect(run.server.connections[0].path).toBe('/stream?streams=ethusdt@depth@0ms/ethusdt@trade/ethusdt@bookTicker');
    expect(r.feed).toMatchObject({ gaps: 0, malformed: 0, snapshotsApplied: 1, depthMessages: 6586 });
    expect(r.gateway.resyncs).toBe(0);
    expect(run.checker.checks).toBeGreaterThan(500);
    expectBookMatchesEveryTicker(run);
  });

  it('paced replay: the recorded REST snapshot is served verbatim and the buffered diffs bridge it', async () => {
    const run = await replay(spotEth, { speed: 2 }, {});
    await waitFor('live', () => run.gw.status === 'live');
    expect(run.server.stats.verbatimSnapshots).toBe(1);
    expect(run.server.stats.snapshotsServed).toEqual([spotEth.updateId[spotEth.snapshotLine]]);
    expect(run.gw.report().feed.diffsBuffered).toBeGreaterThan(0);
  });

  for (const which of ['spot', 'usdm'] as const) {
    it(`${which}: a dropped diff is a gap, detected, reported and resynced; the book then matches again`, async () => {
      const c = which === 'spot' ? spotEth : usdmBtc;
      const dropped = diffAfterSnapshot(c, 600);
      const run = await replay(c, { faults: { dropLines: [dropped] } });
      await finish(run);
      const r = run.gw.report();
      expect(run.server.stats.linesDropped).toBe(1);
      expect(r.feed.gaps).toBe(1);
      expect(run.gaps).toHaveLength(1);
      const gap = run.gaps[0];
      expect(gap.cause).toBe('sequence');
      expect(gap.rule).toBe(which === 'spot' ? 'U == prev_u + 1' : 'pu == prev_u');
      // The diff after the dropped one arrived; what it expected is the dropped diff's predecessor's u (+1 on spot).
      const prevU = c.updateId[c.linesOf(LineKind.Depth, 0).filter((l) => l < dropped).at(-1)!];
      expect(gap.expected).toBe(which === 'spot' ? prevU + 1 : prevU);
      expect(gap.received).not.toBe(gap.expected);
      expect(r.gateway).toMatchObject({ snapshotRequests: 2, resyncs: 1, connects: 1 });
      expect(run.server.stats.snapshotsServed).toHaveLength(2);
      expect(run.server.stats.snapshotsServed[1]).toBeGreaterThanOrEqual(c.updateId[dropped]);
      // Tickers were checked after the resync too, all equal.
      expect(run.checker.checks).toBeGreaterThan(50);
      expectBookMatchesEveryTicker(run);
    });
  }

  it('a socket closed mid-stream: reconnect after the seeded backoff delay, new snapshot, the book matches again', async () => {
    const at = diffAfterSnapshot(spotEth, 500);
    const run = await replay(spotEth, { faults: { closeBefore: [at] } });
    await finish(run);
    const r = run.gw.report();
    expect(run.server.stats.closesInjected).toBe(1);
    expect(run.disconnects.map((d) => d.reason)).toEqual(['closed']);
    // The delay is the first draw of the same policy with the same seed: reproducible.
    const expected = new ReconnectBackoff(RECONNECT, new SeededRng(SEED)).next();
    expect(r.gateway.reconnectDelaysMs).toEqual([expected]);
    expect(run.disconnects[0].delayMs).toBe(expected);
    expect(r.gateway).toMatchObject({ connects: 2, resyncs: 1, snapshotRequests: 2 });
    expect(run.server.connections).toHaveLength(2);
    expect(run.server.connections[1].fromLine).toBe(at);
    expect(r.feed.gaps).toBe(0); // a disconnect is not a sequence gap ...
    expect(run.gaps.map((g) => g.cause)).toEqual(['disconnect']); // ... but it is reported as lost continuity
    expect(run.checker.checks).toBeGreaterThan(run.disconnects[0].checksBefore);
    expectBookMatchesEveryTicker(run);
  });

  it('malformed frames of every kind are counted per kind and skipped; the book is unaffected', async () => {
    const at = diffAfterSnapshot(spotEth, 300);
    const good = spotEth.json(at).toString('latin1');
    const payloads: { line: number; payload: string | Buffer; binary?: boolean }[] = [
      { line: at, payload: good.slice(0, good.indexOf('"b":')) }, // truncated
      { line: at, payload: good.replace(/"b":\[\["(\d+)\./, '"b":[["$1x.') }, // unparseable price
      { line: at, payload: good.replace(/,"0\.00000000"\]/, ',"-1.00000000"]') }, // negative size
      { line: at, payload: '{"result":null,"id":1}' }, // a subscription reply: not market data
      { line: at, payload: good.replaceAll('ETHUSDT', 'BTCUSDT') }, // another symbol
      { line: at, payload: good.replace('"b":', '"pu":1,"b":') }, // a futures diff on spot
      { line: at, payload: '{"lastUpdateId":1,"bids":[],"asks":[]}' }, // a REST body on the stream
      { line: at + 1, payload: Buffer.from([0xde, 0xad, 0xbe, 0xef]), binary: true },
    ];
    const run = await replay(spotEth, { faults: { malformedBefore: payloads } });
    await finish(run);
    const r = run.gw.report();
    expect(run.server.stats.malformedSent).toBe(8);
    expect(r.malformedByKind).toEqual({
      'malformed-message': 1,
      'unparseable-number': 1,
      'negative-size': 1,
      'unknown-type': 1,
      'wrong-symbol': 1,
      'wrong-market': 1,
      'unexpected-snapshot': 1,
      'binary-frame': 1,
    });
    expect(run.malformed).toHaveLength(8);
    expect(r.feed.gaps).toBe(0);
    expect(r.gateway).toMatchObject({ connects: 1, resyncs: 0 });
    expectBookMatchesEveryTicker(run);
  });

  it('a stalled feed (no data, pongs still answered) is stale: reconnect and resync', async () => {
    const at = diffAfterSnapshot(spotEth, 200);
    const run = await replay(
      spotEth,
      { faults: { stallBefore: [{ line: at, ms: 400 }] } },
      { staleAfterMs: 150, pingIntervalMs: 40, pongTimeoutMs: 1000, heartbeatCheckMs: 10 },
    );
    await finish(run);
    const r = run.gw.report();
    expect(run.disconnects.length).toBeGreaterThanOrEqual(1);
    expect(run.disconnects.every((d) => d.reason === 'stale')).toBe(true);
    expect(r.gateway.disconnects['pong-timeout']).toBe(0);
    expect(r.gateway.resyncs).toBeGreaterThanOrEqual(1);
    expectBookMatchesEveryTicker(run);
  });

  it('a dead peer (pings unanswered) is detected by the pong timeout: reconnect and resync', async () => {
    const at = diffAfterSnapshot(usdmBtc, 200);
    const run = await replay(
      usdmBtc,
      { faults: { stallBefore: [{ line: at, ms: 300, withholdPongs: true }] } },
      { staleAfterMs: 10_000, pingIntervalMs: 30, pongTimeoutMs: 100, heartbeatCheckMs: 10 },
    );
    await finish(run);
    const r = run.gw.report();
    expect(r.gateway.disconnects['pong-timeout']).toBeGreaterThanOrEqual(1);
    expect(r.gateway.disconnects.stale).toBe(0);
    expect(r.gateway.resyncs).toBeGreaterThanOrEqual(1);
    expectBookMatchesEveryTicker(run);
  });

  it('snapshot requests that fail (HTTP 503) are retried with backoff; a delayed snapshot makes buffered diffs stale', async () => {
    const run = await replay(spotEth, { failSnapshotRequests: 2, snapshotDelayMs: 30 });
    await finish(run);
    const r = run.gw.report();
    expect(r.gateway.snapshotFailures).toBe(2);
    expect(r.gateway.lastSnapshotFailure).toMatch(/^HTTP 503/);
    expect(r.gateway.snapshotRequests).toBe(3);
    expect(r.feed.diffsStale).toBeGreaterThan(0);
    expect(r.feed.gaps).toBe(0);
    expectBookMatchesEveryTicker(run);
  });

  it('a slow consumer: the queue overflows, is reported, stays bounded; the consumer is resynced from the gateway book', async () => {
    const maxQueuedEvents = 3000;
    const run = await replay(spotBtc, { framesPerTurn: 64 }, { maxQueuedEvents }, 20);
    // Only the first ~30k lines: enough for many overflows.
    await waitFor('30k frames', () => run.gw.stats.framesThisConnection > 30_000, 15_000);
    await run.gw.stop();
    await waitFor('the consumer', () => !run.gw.consumerBusy);
    const r = run.gw.report();
    expect(r.queue.overflows).toBeGreaterThan(0);
    expect(run.overflows).toHaveLength(r.queue.overflows);
    expect(r.queue.droppedEvents).toBeGreaterThan(0);
    // Memory bound: what waited never exceeded the cap by more than one message (the snapshot's 2000 levels).
    expect(r.queue.highWater).toBeLessThanOrEqual(maxQueuedEvents + 2001);
    // The gateway's own book never lost a message ...
    expect(r.feed.gaps).toBe(0);
    expect(r.gateway.resyncs).toBe(0);
    // ... and the consumer's book, rebuilt from the snapshots the queue wrote after each overflow, equals it.
    expect(run.checker.valid).toBe(true);
    expect(sameBook(run.gw.book, run.checker.book)).toBe(true);
    // One resync snapshot per overflow reached the consumer (whether any ticker is comparable in between
    // depends on how much the consumer sheds, so none is required); those compared all matched.
    expect(run.snapshotsSeen).toBeGreaterThanOrEqual(r.queue.overflows);
    run.checker.finish();
    expect(run.checker.mismatches).toBe(0);
  });
});

describe('BinanceMarketDataGateway without data', () => {
  it('builds the combined-stream and snapshot URLs from configuration only', () => {
    const gw = new BinanceMarketDataGateway({
      symbol: 'btcusdt',
      market: 'usdm',
      endpoints: { wsBaseUrl: 'ws://127.0.0.1:1/', restBaseUrl: 'http://127.0.0.1:1' },
      depthSpeed: '0ms',
      onEvents: () => {},
    });
    expect(gw.streamUrl).toBe('ws://127.0.0.1:1/stream?streams=btcusdt@depth@0ms/btcusdt@trade/btcusdt@bookTicker');
    expect(gw.snapshotUrl).toBe('http://127.0.0.1:1/fapi/v1/depth?symbol=BTCUSDT&limit=1000');
    expect(gw.status).toBe('idle');
  });

  it('connection refused: counted as failed attempts, retried with growing backoff, stop() ends it', async () => {
    // A port that was just free: nothing listens on it, so every connect is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const delays: number[] = [];
    const gw = new BinanceMarketDataGateway({
      symbol: 'BTCUSDT',
      market: 'spot',
      endpoints: { wsBaseUrl: `ws://127.0.0.1:${port}`, restBaseUrl: `http://127.0.0.1:${port}` },
      reconnectBackoff: { initialMs: 5, maxMs: 40, multiplier: 2, jitter: 0 },
      onEvents: () => {},
      onDisconnect: (_r, d) => delays.push(d),
    });
    gw.start();
    await waitFor('three attempts', () => delays.length >= 3, 5000);
    await gw.stop();
    expect(delays.slice(0, 3)).toEqual([5, 10, 20]);
    expect(gw.stats.connectFailures).toBeGreaterThanOrEqual(3);
    expect(gw.stats.connects).toBe(0);
    expect(gw.status).toBe('stopped');
  });

  it('receiveFrame drives the per-frame path without a socket (benchmarks, replays)', () => {
    const got: number[] = [];
    const gw = new BinanceMarketDataGateway({
      symbol: 'BTCUSDT',
      market: 'spot',
      endpoints: { wsBaseUrl: 'ws://127.0.0.1:9', restBaseUrl: 'http://127.0.0.1:9' },
      originNs: 0n,
      clock: { nowNs: () => 123 },
      onEvents: (b: EventBatch) => {
        for (let i = 0; i < b.length; i++) got.push(b.type[i]);
      },
    });
    gw.receiveFrame(Buffer.from('{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":9,"p":"1.00","q":"2.000000","T":1,"m":false}}'));
    gw.receiveFrame(Buffer.from('not json'));
    expect(got).toEqual([EventType.Trade]);
    expect(gw.report().malformedByKind['malformed-message']).toBe(1);
  });
});
