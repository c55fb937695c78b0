import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';
import { openDuckDB } from '../src/data/store/duckdb.ts';
import { LOBSTER, realDataPresent } from './realData.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

const dir = mkdtempSync(join(tmpdir(), 'tachyon-dataset-'));
const fx = LOBSTER.fixture;

async function sql(query: string): Promise<unknown[][]> {
  const s = await openDuckDB();
  try {
    return (await s.connection.runAndReadAll(query)).getRows() as unknown[][];
  } finally {
    s.close();
  }
}

describe.skipIf(!realDataPresent)('tachyon dataset build', () => {
  it('writes features + labels as Parquet and prints the figures; kahead labels agree with the stored forward return', async () => {
    const out = join(dir, 'k5.parquet');
    const io = capture();
    const code = await main(['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'default', '--label', 'kahead', '--horizon', '5', '--out', out, '--json'], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout[io.stdout.length - 1]) as { rows: number; features: number; classBalance: Record<string, number>; buildSeconds: number; eventsPerSecond: number };
    expect(Object.keys(j)).toEqual(['rows', 'features', 'classBalance', 'buildSeconds', 'eventsPerSecond']);
    expect(j.rows).toBeGreaterThan(100);
    expect(j.classBalance.down + j.classBalance.stationary + j.classBalance.up).toBe(j.rows);
    const [[rows, ups, downs, flats, bad]] = await sql(
      `SELECT count(*), count(*) FILTER (label = 2), count(*) FILTER (label = 0), count(*) FILTER (label = 1),
              count(*) FILTER ((label = 2) <> (return_bps > 0) OR (label = 0) <> (return_bps < 0)) FROM '${out}'`,
    );
    expect(Number(rows)).toBe(j.rows);
    expect([Number(downs), Number(flats), Number(ups)]).toEqual([j.classBalance.down, j.classBalance.stationary, j.classBalance.up]);
    // Up exactly when the mid k samples later is higher: the label and the return are computed apart.
    expect(Number(bad)).toBe(0);
    // Time order, one row per sampled message, and seq points into the message file.
    const [[ordered, maxSeq]] = await sql(`SELECT bool_and(ts >= prev), max(seq) FROM (SELECT ts, seq, lag(ts, 1, ts) OVER () AS prev FROM '${out}')`);
    expect(ordered).toBe(true);
    expect(Number(maxSeq)).toBeLessThanOrEqual(2000);
  });

  it('writes the forward return over a clock horizon, equal to an ASOF join of the mids in SQL', async () => {
    const out = join(dir, 'clock.parquet');
    const args = ['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'mid,spread', '--label', 'kahead', '--horizon', '2', '--return-clock', '500ms', '--out', out];
    expect(await main(args, capture())).toBe(0);
    // The mid "as of" t + 500 ms: the last sample at or before it (DuckDB's ASOF join, computed apart).
    const [[checked, wrong]] = await sql(
      `WITH d AS (SELECT ts, mid, return_bps_clock AS r, row_number() OVER () AS i FROM '${out}'),
            q AS (SELECT a.i, a.r, 1e4 * (b.mid / a.mid - 1) AS expected
                  FROM d a ASOF JOIN d b ON a.ts + INTERVAL 500 MILLISECONDS >= b.ts
                  WHERE a.ts + INTERVAL 500 MILLISECONDS <= (SELECT max(ts) FROM d))
       SELECT count(*), count(*) FILTER (abs(r - expected) > 1e-9) FROM q`,
    );
    expect(Number(checked)).toBeGreaterThan(100);
    expect(Number(wrong)).toBe(0);
  });

  it.each([
    [['--features', 'nope'], /unknown feature "nope"/],
    [['--label', 'magic'], /unknown label protocol "magic"/],
    [['--horizon', '100000'], /horizon 100000 is longer than the data/],
    [['--sampling', 'clock:1h'], /empty window|horizon 5 is longer/],
  ])('refuses %j with a clear message', async (extra, message) => {
    const args = ['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'default', '--label', 'kahead', '--horizon', '5', '--out', join(dir, 'bad.parquet')];
    for (let k = 0; k < extra.length; k += 2) {
      const at = args.indexOf(extra[k]);
      if (at >= 0) args[at + 1] = extra[k + 1];
      else args.push(extra[k], extra[k + 1]);
    }
    const io = capture();
    expect(await main(args, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});

describe.skipIf(!realDataPresent)('tachyon dataset split', () => {
  it('plans purged folds whose parts add up, and fits normalisation on training rows only', async () => {
    const out = join(dir, 'split.parquet');
    expect(await main(['dataset', 'build', '--messages', fx.messages, '--orderbook', fx.orderbook, '--features', 'default', '--label', 'lobcast', '--horizon', '3', '--out', out], capture())).toBe(0);
    const io = capture();
    expect(await main(['dataset', 'split', '--in', out, '--kind', 'purged-kfold', '--folds', '4', '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout[io.stdout.length - 1]) as { rows: number; folds: { train: { rows: number }; test: { rows: number; firstRow: number; lastRow: number }; excluded: number }[] };
    expect(j.folds).toHaveLength(4);
    for (const f of j.folds) expect(f.train.rows + f.test.rows + f.excluded).toBe(j.rows);
    // Every row is tested exactly once across the folds.
    expect(j.folds.reduce((s, f) => s + f.test.rows, 0)).toBe(j.rows);

    const { readDatasetParquet } = await import('../src/datasets/readDataset.ts');
    const { planSplits } = await import('../src/datasets/planSplits.ts');
    const ds = await readDatasetParquet(out);
    const before = planSplits(ds, { kind: 'chronological' })[0];
    // Wreck every value outside the training rows: the fitted statistics must not move a bit.
    const trainEnd = before.train.lastRow;
    for (const col of ds.features) for (let r = trainEnd + 1; r < ds.rows; r++) col[r] = r % 2 ? 1e300 : Number.NaN;
    const after = planSplits(ds, { kind: 'chronological' })[0];
    expect(Array.from(after.standardizer.mean)).toEqual(Array.from(before.standardizer.mean));
    expect(Array.from(after.standardizer.std)).toEqual(Array.from(before.standardizer.std));
  });
});
