import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../test/realData.ts';
import { verifyBinanceCapture } from './BinanceBookVerifier.ts';

describe.skipIf(!realDataPresent)('verifyBinanceCapture on the real captures', () => {
  for (const [name, files] of Object.entries(BINANCE.captures)) {
    it(`${name}: 0 gaps, 0 ticker mismatches, many checks`, async () => {
      const r = await verifyBinanceCapture(files.map((f) => BINANCE.path(f)));
      expect(r.gaps).toBe(0);
      expect(r.tickerMismatches).toBe(0);
      expect(r.firstMismatches).toEqual([]);
      expect(r.bookValidAtEnd).toBe(true);
      expect(r.diffs).toBeGreaterThan(6000);
      // Every bookTicker whose u is a diff's u is checked (~1.5% of tickers on spot, ~1% on futures).
      expect(r.tickerChecks).toBeGreaterThan(500);
      expect(r.tickerChecks + r.tickersNotComparable).toBe(r.tickers);
      expect(r.market).toBe(name.startsWith('spot') ? 'spot' : 'usdm');
      expect(r.messagesPerSecond).toBeGreaterThan(0);
    });
  }

  // Removes the k-th depth diff after the snapshot and expects the gap it leaves, with its ids.
  const removeDiff = (file: string, k: number): { path: string; expected: number; received: number; line: number } => {
    const lines = gunzipSync(readFileSync(BINANCE.path(file))).toString('utf8').split('\n');
    const snapAt = lines.findIndex((l) => l.includes('"lastUpdateId"'));
    const L = (JSON.parse(lines[snapAt].slice(lines[snapAt].indexOf(' ') + 1)) as { lastUpdateId: number }).lastUpdateId;
    // The diffs the book applies: spot drops u <= lastUpdateId, futures only u < lastUpdateId.
    const fut = file.startsWith('usdm');
    const diffs: number[] = [];
    lines.forEach((l, i) => {
      if (!l.includes('"depthUpdate"')) return;
      const u = (JSON.parse(l.slice(l.indexOf(' ') + 1)) as { data: { u: number } }).data.u;
      if (u > L || (fut && u === L)) diffs.push(i);
    });
    const data = (i: number) => (JSON.parse(lines[diffs[i]].slice(lines[diffs[i]].indexOf(' ') + 1)) as { data: { U: number; u: number; pu?: number } }).data;
    const prev = data(k - 1);
    const next = data(k + 1);
    const futures = next.pu !== undefined;
    const removedLine = diffs[k];
    const nextLine = diffs[k + 1];
    const kept = lines.filter((_, i) => i !== removedLine);
    const path = join(mkdtempSync(join(tmpdir(), 'tachyon-gap-')), file);
    writeFileSync(path, gzipSync(kept.join('\n')));
    return {
      path,
      expected: futures ? prev.u : prev.u + 1,
      received: futures ? next.pu! : next.U,
      // 1-based line of the next diff in the edited file: its 0-based original index, minus the removed line, plus 1.
      line: nextLine,
    };
  };

  for (const file of ['spot_btcusdt_20240808.gz', 'usdm_ethusdt_20240808.gz']) {
    it(`${file}: a removed diff line is a reported gap with the right sequence numbers`, async () => {
      const cut = removeDiff(file, 100);
      const r = await verifyBinanceCapture([cut.path]);
      expect(r.gaps).toBe(1);
      expect(r.gapDetails[0]).toMatchObject({ file: cut.path, line: cut.line, expected: cut.expected, received: cut.received });
      expect(r.gapDetails[0].expected).not.toBe(r.gapDetails[0].received);
      // No new snapshot in the file: the book stays invalid, nothing after the gap is applied or checked wrongly.
      expect(r.bookValidAtEnd).toBe(false);
      expect(r.diffs).toBe(100);
      expect(r.tickerMismatches).toBe(0);
      expect(r.diffsUnapplied).toBeGreaterThan(0);
    });
  }
});
