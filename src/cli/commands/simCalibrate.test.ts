import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { COMPARED_FACTS } from '../../sim/calibrate/factComparison.ts';
import { readSimulatorParams } from '../../sim/calibrate/SimulatorParams.ts';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

describe('tachyon sim calibrate', () => {
  it('needs --messages and --orderbook, and has --help', async () => {
    const io = capture();
    expect(await main(['sim', 'calibrate', '--orderbook', 'x.csv'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('missing required option --messages');
    const help = capture();
    expect(await main(['sim', 'calibrate', '--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/usage:\n {2}tachyon sim calibrate --messages M --orderbook O/);
  });

  it.skipIf(!realDataPresent)(
    'on the GOOG fixture: a table of every fact with a verdict, the JSON last, and parameters that `tachyon sim --params` loads',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'tachyon-sim-calibrate-'));
      const out = join(root, 'params.json');
      const { messages, orderbook } = LOBSTER.fixture;
      const io = capture();
      const args = ['sim', 'calibrate', '--messages', messages, '--orderbook', orderbook, '--out', out, '--segment', '4m', '--seeds', '1', '--rounds', '1'];
      const code = await main([...args, '--check-duration', '5m', '--warm-up', '10s', '--json'], io);
      expect(io.stderr).toEqual([]);
      expect(code).toBe(0);
      const json = JSON.parse(io.stdout[io.stdout.length - 1]) as { params: Record<string, unknown>; facts: { name: string; real: number; simulated: number; reproduced: boolean }[] };
      expect(Object.keys(json)).toEqual(['params', 'facts']);
      expect(json.facts.map((f) => f.name)).toEqual(COMPARED_FACTS.map((f) => f.name));
      for (const f of json.facts) expect(Object.keys(f)).toEqual(['name', 'real', 'simulated', 'reproduced']);
      expect(readSimulatorParams(out)).toEqual(json.params);
      const text = io.stdout.join('\n');
      for (const f of COMPARED_FACTS) expect(text).toContain(f.label);
      expect(text).toMatch(/Reproduced \d+ of 24/);
      const missed = json.facts.filter((f) => !f.reproduced).length;
      if (missed > 0) expect(text).toContain(`Not reproduced (${missed}), and why:`);

      const sim = capture();
      expect(await main(['sim', '--params', out, '--duration', '2m', '--manipulators', 'none', '--out', join(root, 'day'), '--json'], sim)).toBe(0);
      expect(JSON.parse(sim.stdout[sim.stdout.length - 1]).events).toBeGreaterThan(100);
      const bad = capture();
      expect(await main(['sim', '--params', join(root, 'nope.json'), '--duration', '1m', '--out', join(root, 'x')], bad)).toBe(2);
      expect(bad.stderr.join('\n')).toContain('nope.json: cannot read the parameters file');
    },
    20_000,
  );
});
