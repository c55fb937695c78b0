import { describe, expect, it } from 'vitest';
import { L3OrderBook } from '../book/L3OrderBook.ts';
import { L3Replayer } from '../book/L3Replayer.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { EventType } from '../data/EventType.ts';
import { lobsterInstrument } from '../data/Instrument.ts';
import { NS_PER_SECOND } from '../core/time.ts';
import { FEATURE_FACTORIES, FEATURE_SETS, createFeatures } from './featureSets.ts';
import { FeatureEngine } from './FeatureEngine.ts';
import { LobSnapshots } from './LobSnapshots.ts';
import { EveryEvent, EveryNEvents, OnClock, OnMidChange, parseSampler } from './Sampler.ts';
import { DECAY_TAUS_NS, FeatureContext, TAU_1S, TOP_LEVELS } from './FeatureContext.ts';
import type { Feature } from './Feature.ts';
import type { BookView } from './BookView.ts';
import { DepthProfile } from './DepthProfile.ts';
import { generateZeroIntelligenceDay } from '../sim/ContStoikovTalreja.ts';
import { forEachLobsterRow } from '../data/lobster/forEachLobsterRow.ts';
import { LobsterWindowedReplay } from '../book/LobsterWindowedReplay.ts';
import { LOBSTER, realDataPresent } from '../../test/realData.ts';

const inst = lobsterInstrument('T'); // price units 1/10000 $, tick 100
const BID = 1;
const ASK = -1;

/** A tiny market: events applied to an L3 book, all feature groups updated after each. */
function market(groups: string) {
  const book = new L3OrderBook();
  const replayer = new L3Replayer(book);
  const engine = new FeatureEngine(createFeatures(groups), book, inst.tickSize, inst.priceScale);
  const batch = new EventBatch(1, 0n, [inst]);
  const out = new Float64Array(engine.width);
  const col = (name: string): number => {
    const k = engine.columns.findIndex((c) => c.name === name);
    if (k < 0) throw new Error(`no column ${name}`);
    engine.write(out);
    return out[k];
  };
  const event = (tSec: number, type: number, side: number, price: number, size: number, id: number): void => {
    batch.clear();
    batch.push(tSec * NS_PER_SECOND, tSec * NS_PER_SECOND, type, side, price, size, id, 0);
    replayer.apply(batch, 0);
    engine.onEvent(batch, 0);
  };
  return { book, engine, col, event };
}

describe('book-state features (hand-computed)', () => {
  it('spread, mid, microprice, queue imbalance and depth profile', () => {
    const m = market('spread,microprice,queue_imbalance,depth');
    m.event(0, EventType.Add, BID, 1_000_000, 300, 1); // $100.00 x 300
    m.event(0, EventType.Add, BID, 999_800, 100, 2); // $99.98 x 100
    m.event(0, EventType.Add, ASK, 1_000_300, 100, 3); // $100.03 x 100
    m.event(0, EventType.Add, ASK, 1_000_400, 200, 4); // $100.04 x 200
    expect(m.col('mid')).toBeCloseTo(100.015, 10);
    expect(m.col('spread_ticks')).toBe(3);
    // microprice = (100.00*100 + 100.03*300)/400 = 100.0225; minus mid 100.015 = 0.0075 $ = 0.75 ticks
    expect(m.col('microprice_offset_ticks')).toBeCloseTo(0.75, 10);
    expect(m.col('qi_1')).toBeCloseTo((300 - 100) / 400, 12);
    expect(m.col('qi_5')).toBeCloseTo((400 - 300) / 700, 12);
    expect(m.col('depth_bid_10')).toBe(400);
    expect(m.col('depth_ask_10')).toBe(300);
    // bid: far level 2 ticks away: 400/(1+2); weighted 300/1 + 100/3
    expect(m.col('depth_slope_bid_10')).toBeCloseTo(400 / 3, 12);
    expect(m.col('depth_weighted_bid_10')).toBeCloseTo(300 + 100 / 3, 12);
    expect(m.col('depth_slope_ask_10')).toBeCloseTo(300 / 2, 12);
  });

  it('is NaN while a side is empty, not a made-up number', () => {
    const m = market('spread');
    m.event(0, EventType.Add, BID, 1_000_000, 300, 1);
    expect(m.col('mid')).toBeNaN();
    expect(m.col('spread_ticks')).toBeNaN();
  });
});

describe('order-flow features (hand-computed)', () => {
  it('OFI at the best level follows Cont–Kukanov–Stoikov event by event', () => {
    const m = market('ofi');
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1); // a side appearing from nothing: no prior price to compare, e = 0
    m.event(0, EventType.Add, ASK, 1_000_100, 50, 2);
    const start = m.col('ofi_l1_1s');
    m.event(0, EventType.Add, BID, 1_000_000, 40, 3); // same bid price, size 100→140: e = 140 − 100 = +40
    expect(m.col('ofi_l1_1s') - start).toBeCloseTo(40, 12);
    m.event(0, EventType.Add, ASK, 1_000_100, 10, 4); // same ask price, size 50→60: e = −60 + 50 = −10
    expect(m.col('ofi_l1_1s') - start).toBeCloseTo(30, 12);
    m.event(0, EventType.Add, BID, 1_000_050, 5, 5); // bid improves: e = +5 (new queue), old not subtracted
    expect(m.col('ofi_l1_1s') - start).toBeCloseTo(35, 12);
    // One second later the 1 s window has decayed by e^-1 (the event itself adds 0: a deep add).
    m.event(1, EventType.Add, BID, 900_000, 1, 6);
    expect(m.col('ofi_l1_1s')).toBeCloseTo((start + 35) * Math.exp(-1), 10);
  });

  it('trade-flow imbalance takes the initiator from the executed side; hidden volume counts type 5', () => {
    const m = market('trade_flow,hidden_volume,time_since_trade');
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
    m.event(0, EventType.Add, ASK, 1_000_100, 100, 2);
    m.event(0, EventType.ExecuteVisible, ASK, 1_000_100, 30, 2); // resting sell executed: a buy of 30
    m.event(0, EventType.ExecuteVisible, BID, 1_000_000, 10, 1); // resting buy executed: a sell of 10
    expect(m.col('tfi_1s')).toBeCloseTo((30 - 10) / 40, 12);
    m.event(0, EventType.ExecuteHidden, BID, 1_000_050, 20, 0); // hidden buy order hit: a sell of 20
    expect(m.col('tfi_10s')).toBeCloseTo((30 - 30) / 60, 12);
    expect(m.col('hidden_volume_rate_10s')).toBeCloseTo(20 / 10, 12);
    m.event(2.5, EventType.Add, BID, 990_000, 1, 9);
    expect(m.col('time_since_trade_s')).toBeCloseTo(2.5, 12);
  });
});

describe('activity features (hand-computed)', () => {
  it('arrival intensities and cancel-to-add ratio decay with exchange time', () => {
    const m = market('intensity,cancel_add_ratio');
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
    m.event(0, EventType.Add, BID, 1_000_000, 100, 2);
    m.event(0, EventType.Delete, BID, 1_000_000, 100, 2);
    // Two adds at t=0 on the bid: sum 2, 1 s window → 2 events/s; 10 s window → 0.2 events/s.
    expect(m.col('intensity_add_bid_1s')).toBeCloseTo(2, 12);
    expect(m.col('intensity_add_bid_10s')).toBeCloseTo(0.2, 12);
    expect(m.col('intensity_cancel_bid_1s')).toBeCloseTo(1, 12);
    expect(m.col('cancel_add_ratio_10s')).toBeCloseTo(0.5, 12);
    m.event(1, EventType.Add, ASK, 1_000_200, 5, 3);
    expect(m.col('intensity_add_bid_1s')).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(m.col('intensity_add_ask_1s')).toBeCloseTo(1, 12);
  });

  it('realised volatility and mid changes count mid moves', () => {
    const m = market('realized_vol,mid_changes');
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
    m.event(0, EventType.Add, ASK, 1_000_200, 100, 2); // mid 100.01
    m.event(0, EventType.Add, ASK, 1_000_100, 100, 3); // mid 100.005
    const r = Math.log(100.005 / 100.01);
    expect(m.col('rv_10s_bps')).toBeCloseTo(Math.abs(r) * 1e4, 9);
    expect(m.col('mid_changes_1s')).toBe(1);
  });
});

describe('LobSnapshots', () => {
  it('keeps the last T snapshots, oldest first, prices in ticks from mid, missing levels padded', () => {
    const m = market('lob');
    const lob = m.engine.features.find((f) => f instanceof LobSnapshots) as LobSnapshots;
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
    m.event(0, EventType.Add, ASK, 1_000_200, 50, 2);
    expect(m.col('ask_px_1')).toBe(1);
    expect(m.col('bid_px_1')).toBe(-1);
    expect(m.col('ask_sz_1')).toBe(50);
    expect(m.col('ask_px_2')).toBe(1); // padded with the last level's price, size 0
    expect(m.col('ask_sz_2')).toBe(0);
    expect(lob.window(new Float64Array(lob.history * lob.width))).toBe(false); // not full yet
    for (let k = 0; k < 120; k++) m.event(1, EventType.Add, BID, 990_000 - k * 100, 1, 100 + k);
    const w = new Float64Array(lob.history * lob.width);
    expect(lob.window(w)).toBe(true);
    // The newest snapshot is last in the window and equals the current columns.
    const out = new Float64Array(m.engine.width);
    m.engine.write(out);
    const first = m.engine.columns.findIndex((c) => c.name === 'ask_px_1');
    expect(Array.from(w.subarray((lob.history - 1) * lob.width))).toEqual(Array.from(out.subarray(first, first + lob.width)));
  });
});

describe('every feature in the library (shared contract)', () => {
  it.each(Object.keys(FEATURE_FACTORIES))('%s declares columns with units and warm-up, writes finite values on a two-sided book, and resets', (name) => {
    const f = FEATURE_FACTORIES[name]();
    expect(f.name).toBe(name);
    expect(f.columns.length).toBeGreaterThan(0);
    for (const c of f.columns) {
      expect(c.name).toMatch(/^[a-z0-9_]+$/);
      expect(c.unit.length).toBeGreaterThan(0);
    }
    expect(f.warmUpEvents).toBeGreaterThanOrEqual(0);
    expect(f.warmUpNs).toBeGreaterThanOrEqual(0);
    const m = market(name);
    const run = (): number[] => {
      m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
      m.event(0.5, EventType.Add, ASK, 1_000_200, 100, 2);
      m.event(1, EventType.ExecuteVisible, ASK, 1_000_200, 10, 2);
      m.event(2, EventType.Delete, BID, 1_000_000, 100, 1);
      m.event(3, EventType.Add, BID, 999_900, 70, 3);
      const out = new Float64Array(m.engine.width);
      m.engine.write(out);
      return Array.from(out);
    };
    const first = run();
    for (const v of first) expect(Number.isFinite(v)).toBe(true);
    m.book.clear();
    m.engine.reset();
    expect(run()).toEqual(first);
  });

  it('the "all" set is every feature, and the default set excludes only the raw snapshots', () => {
    expect(new Set(FEATURE_SETS.all)).toEqual(new Set(Object.keys(FEATURE_FACTORIES)));
    expect(Object.keys(FEATURE_FACTORIES).filter((n) => !FEATURE_SETS.default.includes(n))).toEqual(['lob']);
  });

  it('rejects unknown features with the list of known ones', () => {
    expect(() => createFeatures('mid,nope')).toThrow(/unknown feature "nope".*features are mid, spread/);
  });
});

describe('samplers', () => {
  it.each([
    ['event', EveryEvent],
    ['n:10', EveryNEvents],
    ['mid', OnMidChange],
    ['clock:100ms', OnClock],
  ] as const)('parses %s', (spec, cls) => {
    expect(parseSampler(spec)).toBeInstanceOf(cls);
  });

  it.each(['', 'n:0', 'clock:5', 'every'])('rejects %j', (spec) => {
    expect(() => parseSampler(spec)).toThrow(RangeError);
  });

  it('samples every n-th event, each mid change, and the first event of each clock interval', () => {
    const m = market('mid');
    const every3 = parseSampler('n:3');
    const onMid = parseSampler('mid');
    const clock = parseSampler('clock:1s');
    const taken = { n: 0, mid: 0, clock: 0 };
    const times = [0, 0.2, 0.4, 1.1, 1.2, 2.5];
    times.forEach((t, k) => {
      // Each event improves its side, so every event after the first two-sided one moves the mid.
      m.event(t, EventType.Add, k % 2 ? ASK : BID, k % 2 ? 1_002_000 - k * 100 : 1_000_000 + k * 100, 10, k + 1);
      if (every3.shouldSample(m.engine.ctx)) taken.n++;
      if (onMid.shouldSample(m.engine.ctx)) taken.mid++;
      if (clock.shouldSample(m.engine.ctx)) taken.clock++;
    });
    expect(taken).toEqual({ n: 2, mid: 5, clock: 3 });
  });
});

describe('Ema and MidTrend', () => {
  it('seeds with the first input, then smooths with 2/(N+1) (hand-computed)', async () => {
    const { Ema } = await import('./Ema.ts');
    const e = new Ema(3); // k = 0.5
    expect(e.update(10)).toBe(10);
    expect(e.update(20)).toBe(15);
    expect(e.update(5)).toBe(10);
  });

  it('reports the mid minus its EMA in ticks', () => {
    const m = market('mid_trend');
    m.event(0, EventType.Add, BID, 1_000_000, 100, 1);
    m.event(0, EventType.Add, ASK, 1_000_200, 100, 2); // mid 1_000_100: EMA seeded there
    m.event(0, EventType.Add, ASK, 1_000_100, 100, 3); // mid 1_000_050; EMA(100) = 1_000_100 − 50·2/101
    const ema = 1_000_050 * (2 / 101) + 1_000_100 * (1 - 2 / 101);
    expect(m.col('mid_minus_ema_100_ticks')).toBeCloseTo((1_000_050 - ema) / 100, 10);
  });
});

/**
 * The engine as it was before it learnt to do only what its features read: every decay factor, all
 * TOP_LEVELS levels copied, one loop calling every feature. Kept here as the reference the engine must
 * match bit for bit.
 */
class ReferenceEngine {
  readonly ctx: FeatureContext;
  private readonly offsets: number[] = [];
  readonly width: number;

  constructor(
    readonly features: readonly Feature[],
    book: BookView,
    tickSize: number,
    priceScale: number,
  ) {
    let w = 0;
    for (const f of features) {
      this.offsets.push(w);
      w += f.columns.length;
    }
    this.width = w;
    this.ctx = new FeatureContext(book, tickSize, priceScale, TOP_LEVELS);
    this.reset();
  }

  onEvent(batch: EventBatch, i: number): void {
    const ctx = this.ctx;
    let t = batch.exchTs[i];
    if (t !== t) t = batch.localTs[i];
    if (ctx.events === 0) {
      ctx.startNs = t;
      ctx.dtNs = 0;
    } else {
      ctx.dtNs = t > ctx.timeNs ? t - ctx.timeNs : 0;
    }
    ctx.timeNs = t;
    if (ctx.dtNs === 0) ctx.decay.fill(1);
    else for (let k = 0; k < DECAY_TAUS_NS.length; k++) ctx.decay[k] = Math.exp(-ctx.dtNs / DECAY_TAUS_NS[k]);
    ctx.batch = batch;
    ctx.row = i;
    ctx.type = batch.type[i];
    ctx.side = batch.side[i];
    ctx.price = batch.price[i];
    ctx.size = batch.size[i];
    ctx.flags = batch.flags[i];
    if (ctx.mid === ctx.mid) ctx.prevMid = ctx.mid;
    ctx.bidLevels = ctx.book.topLevels(1, TOP_LEVELS, ctx.bidPx, ctx.bidSz);
    ctx.askLevels = ctx.book.topLevels(-1, TOP_LEVELS, ctx.askPx, ctx.askSz);
    ctx.mid = (ctx.bidPx[0] + ctx.askPx[0]) / 2;
    ctx.events++;
    for (const f of this.features) f.update(ctx);
  }

  write(out: Float64Array): void {
    this.features.forEach((f, k) => f.write(this.ctx, out, this.offsets[k]));
  }

  reset(): void {
    this.ctx.reset();
    this.ctx.decay.fill(1);
    for (const f of this.features) f.reset();
  }
}

/** Feeds events to a book; calls `after(batch, i)` once each is applied. */
type Stream = { tickSize: number; priceScale: number; book: BookView; run(after: (batch: EventBatch, i: number) => void): Promise<void> };

function simulatedStream(): Stream {
  // Ten minutes of seeded zero-intelligence flow through the matching engine, replayed into an L3 book.
  const day = generateZeroIntelligenceDay({ seed: 11, durationNs: 600 * NS_PER_SECOND });
  const book = new L3OrderBook();
  const replayer = new L3Replayer(book);
  return {
    tickSize: day.instrument.tickSize,
    priceScale: day.instrument.priceScale,
    book,
    run: async (after) => {
      book.clear();
      for (let i = 0; i < day.batch.length; i++) {
        replayer.apply(day.batch, i);
        after(day.batch, i);
      }
    },
  };
}

function fixtureStream(): Stream {
  let replay = new LobsterWindowedReplay();
  const stream: Stream = {
    tickSize: inst.tickSize,
    priceScale: inst.priceScale,
    book: replay.book,
    run: async (after) => {
      replay = new LobsterWindowedReplay();
      stream.book = replay.book;
      await forEachLobsterRow(LOBSTER.fixture.messages, LOBSTER.fixture.orderbook, (b, i, data, base, levels) => {
        replay.apply(b, i, data, base, levels);
        after(b, i);
      });
    },
  };
  return stream;
}

/** Every group alone, `default` and `all`: engine and reference side by side, a row written after every event. */
async function compareWithReference(stream: Stream): Promise<{ rows: number; values: number; differences: string[] }> {
  const sets = [...Object.keys(FEATURE_FACTORIES), 'default', 'all'];
  let engines: { name: string; engine: FeatureEngine; reference: ReferenceEngine; a: Float64Array; b: Float64Array }[] = [];
  const differences: string[] = [];
  let rows = 0;
  let values = 0;
  let events = 0;
  const check = (e: (typeof engines)[number], i: number): void => {
    e.engine.write(e.a);
    e.reference.write(e.b);
    for (let c = 0; c < e.a.length; c++) {
      values++;
      if (!Object.is(e.a[c], e.b[c]) && differences.length < 10) differences.push(`${e.name}: event ${i} column ${e.engine.columns[c].name}: ${e.a[c]} vs ${e.b[c]}`);
    }
  };
  await stream.run((batch, i) => {
    if (events === 0) {
      engines = sets.map((name) => {
        const engine = new FeatureEngine(createFeatures(name), stream.book, stream.tickSize, stream.priceScale);
        const reference = new ReferenceEngine(createFeatures(name), stream.book, stream.tickSize, stream.priceScale);
        return { name, engine, reference, a: new Float64Array(engine.width), b: new Float64Array(engine.width) };
      });
    }
    events++;
    for (const e of engines) {
      if (events === 1) check(e, -1); // a row written before any event, too
      e.engine.onEvent(batch, i);
      e.reference.onEvent(batch, i);
      check(e, i);
      // A reset in the middle: both forget everything and start again from the next event.
      if (events === 1000) {
        e.engine.reset();
        e.reference.reset();
      }
    }
    rows++;
  });
  return { rows, values, differences };
}

describe('the engine does only what its features read, and computes exactly what it always did', () => {
  it('every feature declares what it reads; the engine copies the deepest level and the declared decay factors only', () => {
    const book = new L3OrderBook();
    const mid = new FeatureEngine(createFeatures('mid'), book, inst.tickSize, inst.priceScale);
    expect(mid.bookLevels).toBe(1);
    expect(mid.decayTaus).toEqual([]);
    const some = new FeatureEngine(createFeatures('spread,ofi,hidden_volume'), book, inst.tickSize, inst.priceScale);
    expect(some.bookLevels).toBe(5);
    expect(some.decayTaus).toEqual([1, 2]);
    const all = new FeatureEngine(createFeatures('all'), book, inst.tickSize, inst.priceScale);
    expect(all.bookLevels).toBe(TOP_LEVELS);
    expect(all.decayTaus).toEqual([0, 1, 2, 3]);
    for (const make of Object.values(FEATURE_FACTORIES)) {
      const f = make();
      expect(f.bookLevels, f.name).toBeTypeOf('number');
      expect(f.decayTaus, f.name).toBeInstanceOf(Array);
    }
  });

  it('a feature that declares nothing gets everything; an undeclared read sees NaN, not a stale number', () => {
    const seen: number[] = [];
    const probe = (declared: Partial<Feature>): Feature => ({
      name: 'probe',
      columns: [{ name: 'probe', unit: 'x' }],
      warmUpEvents: 0,
      warmUpNs: 0,
      ...declared,
      update: (ctx) => void seen.push(ctx.decay[TAU_1S], ctx.bidPx[3]),
      write: () => {},
      reset: () => {},
    });
    const run = (f: Feature): void => {
      const m = market('mid');
      const engine = new FeatureEngine([f], m.book, inst.tickSize, inst.priceScale);
      const batch = new EventBatch(4, 0n, [inst]);
      for (let k = 0; k < 4; k++) {
        batch.push(k * NS_PER_SECOND, k * NS_PER_SECOND, EventType.Add, BID, 1_000_000 - k * 100, 10, k + 1, 0);
        new L3Replayer(m.book).apply(batch, k);
        engine.onEvent(batch, k);
      }
    };
    run(probe({}));
    expect(seen.slice(-2)).toEqual([Math.exp(-1), 1_000_000 - 300]);
    seen.length = 0;
    run(probe({ bookLevels: 1, decayTaus: [] }));
    expect(seen.slice(-2)).toEqual([NaN, NaN]);
    expect(() => new FeatureEngine([probe({ bookLevels: TOP_LEVELS + 1 })], new L3OrderBook(), 1, 1)).toThrow(RangeError);
    expect(() => new FeatureEngine([probe({ decayTaus: [DECAY_TAUS_NS.length] })], new L3OrderBook(), 1, 1)).toThrow(RangeError);
  });

  it('runs several instances of one class side by side (one call site each)', () => {
    const m = market('mid');
    const engine = new FeatureEngine([new DepthProfile(2), new DepthProfile(10)], m.book, inst.tickSize, inst.priceScale);
    const batch = new EventBatch(3, 0n, [inst]);
    const prices = [1_000_000, 999_900, 999_800];
    prices.forEach((p, k) => {
      batch.push(0, 0, EventType.Add, BID, p, 100, k + 1, 0);
      new L3Replayer(m.book).apply(batch, k);
      engine.onEvent(batch, k);
    });
    const out = new Float64Array(engine.width);
    engine.write(out);
    expect(out[engine.columns.findIndex((c) => c.name === 'depth_bid_2')]).toBe(200);
    expect(out[engine.columns.findIndex((c) => c.name === 'depth_bid_10')]).toBe(300);
  });

  it('matches the reference engine bit for bit, feature by feature and all together, on a simulated stream', async () => {
    const r = await compareWithReference(simulatedStream());
    expect(r.rows).toBeGreaterThan(10_000);
    expect(r.differences).toEqual([]);
  });

  it.skipIf(!realDataPresent)('matches the reference engine bit for bit on the real GOOG fixture (window refills, hidden executions)', async () => {
    const r = await compareWithReference(fixtureStream());
    expect(r.rows).toBe(2000);
    expect(r.differences).toEqual([]);
  });
});
