import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';

function run(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const out: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: () => undefined, stderrIsTty: false };
  return main(args, io).then((code) => ({ code, json: JSON.parse(out[out.length - 1]) as Record<string, unknown> }));
}

describe('tachyon demo (npm start)', () => {
  it('generates, stores, reads back exactly and replays to the engine\'s own book; same seed, same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-demo-'));
    const a = join(dir, 'a.parquet');
    const b = join(dir, 'b.parquet');
    const c = join(dir, 'c.parquet');
    const r1 = await run(['demo', '--seed', '3', '--duration', '20m', '--out', a, '--json']);
    const r2 = await run(['demo', '--seed', '3', '--duration', '20m', '--out', b, '--json']);
    const r3 = await run(['demo', '--seed', '4', '--duration', '20m', '--out', c, '--json']);
    expect(r1.code).toBe(0);
    expect(r1.json).toMatchObject({ roundTripExact: true, bookMatchesEngine: true, unexplainedEvents: 0 });
    expect(r1.json.events).toBeGreaterThan(10_000);
    const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
    expect(r1.json.trades).toBe(r2.json.trades);
    // The loop: a model that learnt something from the simulated flow, and backtests that repeat exactly.
    const model = r1.json.model as { testAccuracy: number; testMacroF1: number };
    expect(model.testMacroF1).toBeGreaterThan(0.4);
    const trading = (j: Record<string, unknown>): unknown => ({ ...(j.backtest as object), eventsPerSecond: 0 });
    expect(trading(r2.json)).toEqual(trading(r1.json));
    expect((r1.json.backtest as { maker: { trades: number } }).maker.trades).toBeGreaterThan(0);
    expect(r3.code).toBe(0);
  });
});
