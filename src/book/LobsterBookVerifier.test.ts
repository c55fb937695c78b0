import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLobsterBook } from './LobsterBookVerifier.ts';
import { LOBSTER, realDataPresent } from '../../test/realData.ts';

describe.skipIf(!realDataPresent)('LOBSTER book verification against the orderbook files', () => {
  it('reproduces every row of the 2,000-row GOOG level-10 fixture', async () => {
    const r = await verifyLobsterBook(LOBSTER.fixture.messages, LOBSTER.fixture.orderbook);
    expect(r.rows).toBe(2000);
    expect(r.levels).toBe(10);
    expect(r.mismatchedRows).toBe(0);
  });

  it.each(LOBSTER.allPairs)('reproduces every row of %s level %d (all levels, price and size)', async (symbol, levels) => {
    const { messages, orderbook } = LOBSTER.pair(symbol, levels);
    const r = await verifyLobsterBook(messages, orderbook);
    expect(r.levels).toBe(levels);
    expect(r.rows).toBeGreaterThan(40_000);
    expect(r.firstMismatches).toEqual([]);
    expect(r.mismatchedRows).toBe(0);
    // Refills only happen at levels entering the window: fewer than one per ten rows.
    expect(r.windowRefills).toBeLessThan(r.rows / 4);
    expect(r.unexplainedEvents).toBe(0);
  });

  it('detects a corrupted message: the verifier can fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-verify-'));
    const lines = readFileSync(LOBSTER.fixture.messages, 'latin1').split('\n');
    // Change the size of the first add message well inside the file.
    const i = lines.findIndex((l, k) => k > 100 && l.split(',')[1] === '1');
    const f = lines[i].split(',');
    f[3] = String(Number(f[3]) + 1);
    lines[i] = f.join(',');
    const messages = join(dir, 'GOOG_2012-06-21_x_message_10.csv');
    writeFileSync(messages, lines.join('\n'));
    const r = await verifyLobsterBook(messages, LOBSTER.fixture.orderbook);
    expect(r.mismatchedRows).toBeGreaterThan(0);
    expect(r.firstMismatches[0].line).toBe(i + 1);
  });
});
