import { describe, expect, it } from 'vitest';
import { buildLobsterFeatureMatrix, type FeatureMatrix } from './buildFeatureMatrix.ts';
import { forEachLobsterRow } from '../data/lobster/forEachLobsterRow.ts';
import { LobsterWindowedReplay } from '../book/LobsterWindowedReplay.ts';
import { FeaturePipeline } from '../features/FeaturePipeline.ts';
import { createFeatures, FEATURE_FACTORIES } from '../features/featureSets.ts';
import { parseSampler } from '../features/Sampler.ts';
import { EventBatch } from '../data/EventBatch.ts';
import { LOBSTER, realDataPresent } from '../../test/realData.ts';

const day = LOBSTER.pair('GOOG', 10);

/** Bit-for-bit equality of two numbers (NaN equals NaN; +0 and -0 differ). */
const same = (a: number, b: number): boolean => Object.is(a, b);

describe.skipIf(!realDataPresent)('one code path: batch builder and live, event by event, on a real day', () => {
  it('gives bit-identical values for every feature of the library on every sample of GOOG 2012-06-21', async () => {
    const batch = await buildLobsterFeatureMatrix(day.messages, day.orderbook, { features: 'all' });

    // "Live": each message arrives alone, as a gateway would decode it, into its own one-row batch, and
    // goes through a fresh book and pipeline, one event at a time.
    const replay = new LobsterWindowedReplay();
    const live = new FeaturePipeline(createFeatures('all'), replay.book, batch.instrument.tickSize, batch.instrument.priceScale, parseSampler('event'));
    const rows: Float64Array[] = [];
    await forEachLobsterRow(day.messages, day.orderbook, (b, i, data, base, levels) => {
      const one = new EventBatch(1, b.originNs, b.instruments);
      one.pushRow(b, i);
      replay.apply(one, 0, data, base, levels);
      if (live.onEvent(one, 0)) rows.push(live.row.slice());
    });

    expect(batch.rows).toBeGreaterThan(140_000);
    expect(rows.length).toBe(batch.rows);
    let differences = 0;
    for (let r = 0; r < batch.rows; r++) {
      for (let c = 0; c < batch.columns.length; c++) if (!same(rows[r][c], batch.values[c][r])) differences++;
    }
    expect(differences).toBe(0);
  });
});

describe.skipIf(!realDataPresent)('no look-ahead, for every feature in the library', () => {
  it('rewriting every event after time t leaves every feature value at or before t unchanged', async () => {
    const base = await buildLobsterFeatureMatrix(day.messages, day.orderbook, { features: 'all' });
    const t = base.timeNs[Math.floor(base.rows / 2)];
    // The future is rewritten: later, bigger, at other prices, other sides, other types.
    const future = await buildLobsterFeatureMatrix(day.messages, day.orderbook, {
      features: 'all',
      transformMessage: (b, i) => {
        if (b.exchTs[i] <= t) return;
        b.exchTs[i] += 1e9;
        b.localTs[i] += 1e9;
        b.size[i] = b.size[i] * 3 + 1;
        b.price[i] += 500;
        if (b.type[i] === 1) b.side[i] = -b.side[i];
        if (b.type[i] === 3) b.type[i] = 5;
      },
    });
    const upTo = (m: FeatureMatrix): number => {
      let n = 0;
      while (n < m.rows && m.timeNs[n] <= t) n++;
      return n;
    };
    const n = upTo(base);
    expect(n).toBeGreaterThan(50_000);
    expect(upTo(future)).toBe(n);
    // Every group of the library is in the set that was checked.
    const checked = new Set(createFeatures('all').map((f) => f.name));
    expect([...checked].sort()).toEqual(Object.keys(FEATURE_FACTORIES).sort());
    const changedColumns: string[] = [];
    base.columns.forEach((c, k) => {
      for (let r = 0; r < n; r++) {
        if (!same(base.values[k][r], future.values[k][r])) {
          changedColumns.push(c.name);
          return;
        }
      }
    });
    expect(changedColumns).toEqual([]);
    // And the rewrite did change the future (the test can fail).
    let after = 0;
    for (let k = 0; k < base.columns.length; k++) if (!same(base.values[k][n + 10], future.values[k][n + 10])) after++;
    expect(after).toBeGreaterThan(10);
  });
});
