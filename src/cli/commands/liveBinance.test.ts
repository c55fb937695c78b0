import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../../test/realData.ts';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

const dir = mkdtempSync(join(tmpdir(), 'tachyon-live-binance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tachyon live --binance (paper by default; no test touches the network)', () => {
  it.skipIf(!realDataPresent)('--replay-capture --json: one JSON line with ticks, orders, fills, position, paper P&L', async () => {
    const io = capture();
    const code = await main(['live', '--binance', '--replay-capture', BINANCE.path(BINANCE.captures.spotBtc[0]), '--max-lines', '15000', '--json'], io);
    expect(code, io.stderr.join('\n')).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const j = JSON.parse(io.stdout[0]) as Record<string, unknown>;
    expect(j).toMatchObject({ venue: 'paper', symbol: 'BTCUSDT', market: 'spot', policy: 'maker', model: null, qty: 0.001 });
    for (const k of ['ticks', 'orders', 'fills', 'position', 'cash', 'fees', 'paperPnl']) expect(typeof j[k], k).toBe('number');
    expect(j.ticks as number).toBeGreaterThan(1000);
  });

  it('refuses what it cannot do, with exit 2 and a message naming the problem', async () => {
    const run = async (...args: string[]) => {
      const io = capture();
      const code = await main(['live', ...args], io);
      return { code, err: io.stderr.join('\n') };
    };
    const file = join(dir, 'capture.gz'); // exists; never read: every refusal comes first
    writeFileSync(file, '');
    expect(await run('--binance', '--replay-capture', join(dir, 'missing.gz'))).toMatchObject({ code: 2, err: expect.stringMatching(/--replay-capture: no such file .*missing\.gz/) });
    expect(await run('--binance')).toMatchObject({ code: 2, err: expect.stringMatching(/exactly one market-data source/) });
    expect(await run('--binance', '--sandbox', '--replay-capture', file)).toMatchObject({ code: 2, err: expect.stringMatching(/give one venue: --sandbox or --binance/) });
    expect(await run('--replay', 'm.csv,o.csv')).toMatchObject({ code: 2, err: expect.stringMatching(/give a venue: --sandbox .* or --binance/) });
    expect(await run('--binance', '--endpoint', 'ws://127.0.0.1:9', '--symbol', 'BTCUSDT')).toMatchObject({ code: 2, err: expect.stringMatching(/needs --rest/) });
    expect(await run('--binance', '--replay-capture', file, '--policy', 'taker')).toMatchObject({ code: 2, err: expect.stringMatching(/the taker policy trades on a model: give --model/) });
    const cfg = join(dir, 'real.json');
    writeFileSync(cfg, JSON.stringify({ mode: 'real', exchange: 'binance', symbol: 'BTC/USDT', apiKey: 'k', secret: 's', sandbox: true }));
    expect(await run('--binance', '--replay-capture', file, '--venue-config', cfg)).toMatchObject({ code: 2, err: expect.stringMatching(/needs live market data/) });
    // An incomplete real configuration is refused before anything connects (the endpoint is never dialled).
    const r = await run('--binance', '--endpoint', 'ws://127.0.0.1:9', '--rest', 'http://127.0.0.1:9', '--symbol', 'BTCUSDT', '--venue-config', cfg);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${cfg}: real order entry refused; missing confirm (exactly "I understand this sends real orders")`);
  });
});
