import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';

async function tachyon(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CommandIo = { out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
  const code = await main(argv, io);
  return { code, stdout, err: stderr.join('\n') };
}

describe('tachyon net routes', () => {
  it('--json prints one object with every pair as its last line', async () => {
    const { code, stdout } = await tachyon('net', 'routes', '--json');
    expect(code).toBe(0);
    const { routes } = JSON.parse(stdout.at(-1)!) as { routes: Record<string, unknown>[] };
    expect(routes).toHaveLength(15);
    for (const r of routes) expect(Object.keys(r)).toEqual(['from', 'to', 'km', 'vacuumMs', 'microwaveMs', 'fibreMs', 'radioMs']);
    const chicagoNj = routes.find((r) => r.from === 'Aurora' && r.to === 'Carteret')!;
    expect(chicagoNj.vacuumMs as number).toBeGreaterThanOrEqual(3.94);
    expect(chicagoNj.vacuumMs as number).toBeLessThanOrEqual(3.97);
    const tokyoNj = routes.find((r) => r.from === 'Carteret' && r.to === 'Tokyo')!;
    expect(tokyoNj.microwaveMs).toBeNull();
    expect(tokyoNj.vacuumMs as number).toBeCloseTo(36.3, 1);
  });

  it('prints a table without --json, with — where there is no microwave route', async () => {
    const { code, stdout } = await tachyon('net', 'routes');
    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^from\s+to\s+km\s+vacuum ms\s+microwave ms\s+fibre ms\s+radio ms$/);
    expect(stdout).toHaveLength(2 + 15);
    expect(stdout.find((l) => l.startsWith('Tokyo ') && l.includes('HongKong'))).toContain('—');
  });

  it('has --help and rejects stray arguments', async () => {
    expect((await tachyon('net', 'routes', '--help')).stdout.join('\n')).toMatch(/usage: tachyon net routes/);
    const bad = await tachyon('net', 'routes', 'Tokyo');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unexpected arguments: Tokyo/);
  });
});
