import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { parseFlagsCsv } from '../../clean/flagsCsv.ts';
import { MANIPULATION_KINDS } from '../../clean/ManipulationKind.ts';
import { simulateMarket, SIMULATED_MANIPULATIONS } from '../../sim/simulateMarket.ts';
import { writeSimulatedDay } from '../../sim/writeSimulatedDay.ts';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

const lastJson = (io: { stdout: string[] }) => JSON.parse(io.stdout[io.stdout.length - 1]) as { kinds: Record<string, Record<string, number | null>>; events: number; orders: number };

describe('tachyon clean', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'tachyon-clean-')), 'day');
    const day = simulateMarket({ seed: 5, durationNs: 1800e9, manipulators: [...SIMULATED_MANIPULATIONS] });
    await writeSimulatedDay(dir, day, [...SIMULATED_MANIPULATIONS]);
  });

  it('--in DIR --json scores the flags against the ground truth and --flags-out writes them as CSV', async () => {
    const io = capture();
    const flagsOut = join(dir, '..', 'flags.csv');
    expect(await main(['clean', '--in', dir, '--json', '--flags-out', flagsOut], io)).toBe(0);
    const j = lastJson(io);
    expect(Object.keys(j.kinds)).toEqual([...MANIPULATION_KINDS]);
    for (const k of MANIPULATION_KINDS) expect(Object.keys(j.kinds[k])).toEqual(['flagged', 'precision', 'recall']);
    expect(j.kinds.spoof.precision).toBeGreaterThan(0.8);
    expect(j.kinds.layer.recall).toBeGreaterThan(0.8);
    expect(j.kinds['bad-data']).toEqual({ flagged: 0, precision: null, recall: null });
    const rows = parseFlagsCsv(readFileSync(flagsOut, 'utf8'));
    expect(rows.length).toBe(MANIPULATION_KINDS.reduce((n, k) => n + (j.kinds[k].flagged as number), 0));
    expect(rows.every((r) => r.score >= 0 && r.score <= 1 && r.reason.length > 0)).toBe(true);
  });

  it('without labels: flags, precision and recall null; readable output with examples', async () => {
    const bare = join(dir, '..', 'bare');
    mkdirSync(bare);
    copyFileSync(join(dir, 'events.parquet'), join(bare, 'events.parquet'));
    const io = capture();
    expect(await main(['clean', '--in', bare, '--json'], io)).toBe(0);
    const j = lastJson(io);
    expect(j.kinds.spoof.flagged).toBeGreaterThan(0);
    expect(j.kinds.spoof.precision).toBeNull();
    const text = capture();
    expect(await main(['clean', '--in', bare, '--examples', '2'], text)).toBe(0);
    const out = text.stdout.join('\n');
    expect(out).toMatch(/spoof +\d+ flagged/);
    expect(out).toMatch(/spoof: \d+ flagged; the 2 highest scores:\n {2}order \d+ at \d+\.\d{9} s, score/);
  });

  it('refuses bad usage and names a missing file', async () => {
    const a = capture();
    expect(await main(['clean', '--in', dir, '--messages', 'm.csv'], a)).toBe(2);
    expect(a.stderr.join('\n')).toMatch(/either --in DIR/);
    const b = capture();
    expect(await main(['clean'], b)).toBe(2);
    const c = capture();
    expect(await main(['clean', '--in', join(dir, 'nope')], c)).toBe(1);
    expect(c.stderr.join('\n')).toMatch(/nope\/events\.parquet/);
  });

  it.skipIf(!realDataPresent)('--messages M --orderbook O runs on a LOBSTER day and reports flag rates', async () => {
    const io = capture();
    expect(await main(['clean', '--messages', LOBSTER.fixture.messages, '--orderbook', LOBSTER.fixture.orderbook, '--json'], io)).toBe(0);
    const j = lastJson(io);
    expect(j.events).toBe(2000);
    for (const k of MANIPULATION_KINDS) {
      expect(Object.keys(j.kinds[k])).toEqual(['flagged', 'precision', 'recall', 'flagRate']);
      expect(j.kinds[k].precision).toBeNull();
      expect(j.kinds[k].flagRate).toBeLessThan(0.05);
    }
  });
});
