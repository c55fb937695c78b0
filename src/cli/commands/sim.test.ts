import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';
import { readSimulatedDay } from '../../sim/readSimulatedDay.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

describe('tachyon sim', () => {
  it('--json prints the figures as its last line and writes events + labels that read back; same seed, same bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tachyon-sim-cli-'));
    const run = async (out: string): Promise<Record<string, number>> => {
      const io = capture();
      const code = await main(['sim', '--seed', '3', '--duration', '15m', '--manipulators', 'spoof,layer,wash,stuff,ignite', '--out', out, '--json'], io);
      expect(code).toBe(0);
      return JSON.parse(io.stdout[io.stdout.length - 1]) as Record<string, number>;
    };
    const j = await run(join(root, 'a'));
    expect(Object.keys(j)).toEqual(['events', 'orders', 'trades', 'manipulativeOrders', 'eventsPerSecond']);
    expect(j.events).toBeGreaterThan(1000);
    expect(j.manipulativeOrders).toBeGreaterThan(0);
    expect(j.manipulativeOrders).toBeLessThan(j.orders);
    expect(j.eventsPerSecond).toBeGreaterThan(0);
    const day = await readSimulatedDay(join(root, 'a'));
    expect(day.events.length).toBe(j.events);
    expect(day.groundTruth.orderId.length).toBe(j.orders);
    expect(day.groundTruth.kind.filter((k) => k !== null).length).toBe(j.manipulativeOrders);
    await run(join(root, 'b'));
    for (const f of ['events.parquet', 'labels.parquet']) {
      expect(readFileSync(join(root, 'a', f)).equals(readFileSync(join(root, 'b', f)))).toBe(true);
    }
  });

  it('prints a readable summary without --json, and refuses unknown manipulations with exit 2', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tachyon-sim-cli-'));
    const io = capture();
    expect(await main(['sim', '--duration', '5m', '--manipulators', 'none', '--out', join(root, 'c')], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/events\s+[\d,]+ \(/);
    expect(text).toMatch(/manipulation 0 orders/);
    const bad = capture();
    expect(await main(['sim', '--manipulators', 'spoof,frontrun', '--out', join(root, 'd')], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain('unknown manipulation "frontrun"');
    const help = capture();
    expect(await main(['sim', '--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/usage:/);
  });
});
