import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';

describe('tachyon experiment defence', () => {
  it('fills every cell of the table, and the detectors remove mostly truly manipulative orders', async () => {
    const out: string[] = [];
    const io: CommandIo = { out: (l) => out.push(l), err: () => undefined, stderrIsTty: false };
    expect(await main(['experiment', 'defence', '--seeds', '3', '--duration', '20m', '--intensity', '2', '--json'], io)).toBe(0);
    const r = JSON.parse(out[out.length - 1]) as { cells: { train: string; test: string; macroF1: number; pnl: number }[]; recovery: Record<string, number>; cleaning: { flaggedOrders: number; trulyManipulative: number }[] };
    expect(r.cells.map((c) => `${c.train}/${c.test}`).sort()).toEqual(['clean/clean', 'clean/polluted', 'defended/clean', 'defended/polluted', 'polluted/clean', 'polluted/polluted']);
    for (const c of r.cells) {
      expect(c.macroF1).toBeGreaterThan(0.3);
      expect(Number.isFinite(c.pnl)).toBe(true);
    }
    expect(Object.keys(r.recovery)).toEqual(['clean', 'polluted']);
    const [c] = r.cleaning;
    expect(c.flaggedOrders).toBeGreaterThan(0);
    expect(c.trulyManipulative / c.flaggedOrders).toBeGreaterThan(0.8);
  }, 120_000);
});
