import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';
import { BINANCE, LOBSTER, realDataPresent } from './realData.ts';
import { openDuckDB } from '../src/data/store/duckdb.ts';

function capture(): CommandIo & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (l) => stdout.push(l), err: () => undefined, stderrIsTty: false };
}

const dir = mkdtempSync(join(tmpdir(), 'tachyon-backtest-'));
const fx = LOBSTER.fixture;

describe.skipIf(!realDataPresent)('tachyon backtest and experiment quality on the GOOG fixture', () => {
  const model = join(dir, 'k3.logistic.json');
  const day = ['--messages', fx.messages, '--orderbook', fx.orderbook];

  it('trains a model, backtests it and writes the trade log and the report', async () => {
    const data = join(dir, 'k3.parquet');
    expect(await main(['dataset', 'build', ...day, '--features', 'default', '--label', 'lobcast', '--sigma', 'balanced', '--horizon', '3', '--train-fraction', '0.6', '--out', data], capture())).toBe(0);
    expect(await main(['train', '--dataset', data, '--model', 'logistic', '--out', model, '--json'], capture())).toBe(0);
    const out = join(dir, 'bt');
    const io = capture();
    // Hand the whole day to the maker (trade-from 0) so that a 2,000-message fixture produces fills.
    expect(await main(['backtest', ...day, '--model', model, '--policy', 'maker', '--trade-from', '0', '--latency', 'constant:20us', '--out', out, '--json'], io)).toBe(0);
    const s = JSON.parse(io.stdout[io.stdout.length - 1]) as Record<string, number>;
    expect(Object.keys(s)).toEqual(['pnl', 'fees', 'trades', 'fillRatio', 'sharpe', 'maxDrawdown', 'turnover', 'eventsPerSecond']);
    expect(s.trades).toBeGreaterThan(0);
    const db = await openDuckDB();
    const rows = (await db.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(fee) AS fees FROM '${join(out, 'trades.parquet')}'`)).getRowObjects();
    db.close();
    expect(rows[0].n).toBe(s.trades);
    expect(rows[0].fees as number).toBeCloseTo(s.fees, 9);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/Equity and drawdown/);
    expect(html).not.toMatch(/<script/);
  });

  it('is deterministic with a seeded empirical latency from a real Binance capture', async () => {
    const spec = `empirical:${BINANCE.path(BINANCE.captures.usdmBtc[0])}:7`;
    const run = async (): Promise<string> => {
      const io = capture();
      expect(await main(['backtest', ...day, '--model', model, '--policy', 'maker', '--trade-from', '0', '--latency', spec, '--out', join(dir, 'det'), '--json'], io)).toBe(0);
      const s = JSON.parse(io.stdout[io.stdout.length - 1]) as Record<string, number>;
      const log = createHash('sha256').update(readFileSync(join(dir, 'det', 'trades.parquet'))).digest('hex');
      return JSON.stringify({ ...s, eventsPerSecond: 0, log });
    };
    // Same inputs, seed and config: the same figures and a byte-identical trade log.
    expect(await run()).toBe(await run());
  });

  it('experiment quality: perfect foresight scores accuracy 1, noise about a third; JSON as documented', async () => {
    const io = capture();
    const code = await main(['experiment', 'quality', ...day, '--model', model, '--policy', 'maker', '--trade-from', '0.3', '--blends=-1,0,1', '--out', join(dir, 'q'), '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout[io.stdout.length - 1]) as { points: { blend: number; accuracy: number; macroF1: number; pnl: number }[]; elasticity: number };
    expect(j.points.map((p) => p.blend)).toEqual([-1, 0, 1]);
    expect(Object.keys(j.points[0])).toEqual(['blend', 'accuracy', 'macroF1', 'pnl']);
    expect(j.points[2].accuracy).toBe(1);
    expect(j.points[0].accuracy).toBeGreaterThan(0.2);
    expect(j.points[0].accuracy).toBeLessThan(0.5);
    expect(existsSync(join(dir, 'q', 'report.html'))).toBe(true);
  });
});
