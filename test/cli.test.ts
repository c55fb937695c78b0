import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOBSTER, realDataPresent } from './realData.ts';
import { main } from '../src/cli/main.ts';
import type { CommandIo } from '../src/cli/Command.ts';

const BIN = fileURLToPath(new URL('../bin/tachyon.js', import.meta.url));

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

/** The last line of stdout, parsed: the --json contract. */
function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

describe('tachyon CLI', () => {
  it('lists its commands and has --help on every one', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    const listed = io.stdout.join('\n');
    const { commands } = await import('../src/cli/commands/index.ts');
    for (const c of commands) {
      expect(listed).toContain(c.path.join(' '));
      const h = capture();
      expect(await main([...c.path, '--help'], h)).toBe(0);
      expect(h.stdout.join('\n')).toMatch(/usage:/);
    }
  });

  it('exits 2 with a message on an unknown command or a bad option', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('unknown command');
    const io2 = capture();
    expect(await main(['book', 'verify', '--format', 'lobster', '--nope'], io2)).toBe(2);
  });

  it('runs as an installed binary (npx tachyon)', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toContain('book verify');
  });
});

describe.skipIf(!realDataPresent)('tachyon CLI on real data', () => {
  it('book verify --json prints the figures as its last line, 0 mismatches on the fixture', () => {
    const r = spawnSync(process.execPath, [BIN, 'book', 'verify', '--format', 'lobster', '--messages', LOBSTER.fixture.messages, '--orderbook', LOBSTER.fixture.orderbook, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = lastJson(r.stdout);
    expect(Object.keys(j)).toEqual(['rows', 'levels', 'mismatchedRows', 'windowRefills', 'eventsPerSecond']);
    expect(j).toMatchObject({ rows: 2000, levels: 10, mismatchedRows: 0 });
  });

  it('a bad row ends in one error naming file, line and field; --lenient counts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-cli-'));
    const { writeFileSync } = await import('node:fs');
    const lines = readFileSync(LOBSTER.fixture.messages, 'latin1').split('\n');
    lines[41] = lines[41].replace(/,(\d+),(\d+),(-?1)$/, ',-$1,$2,$3'); // negative size on line 42
    const bad = join(dir, 'GOOG_2012-06-21_bad_message_10.csv');
    writeFileSync(bad, lines.join('\n'));
    const strict = capture();
    expect(await main(['convert', '--format', 'lobster', '--messages', bad, '--out', join(dir, 'x.parquet')], strict)).toBe(1);
    expect(strict.stderr.join('\n')).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:42: field "size": negative size`));
    const lenient = capture();
    expect(await main(['convert', '--format', 'lobster', '--messages', bad, '--out', join(dir, 'x.parquet'), '--lenient', '--json'], lenient)).toBe(0);
    expect(lastJson(lenient.stdout.join('\n'))).toMatchObject({ rows: 1999, inputErrors: { 'negative-size': 1 } });
  });

  it('convert then query: LOBSTER nanoseconds survive the Parquet round trip exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-cli-'));
    const out = join(dir, 'goog.parquet');
    expect(await main(['convert', '--format', 'lobster', '--messages', LOBSTER.fixture.messages, '--out', out], capture())).toBe(0);
    const io = capture();
    // Seconds after New York midnight (04:00 UTC on 2012-06-21), as exact integers, from SQL.
    const sql = `SELECT seq, epoch_ns(exch_ts) - ${BigInt(Date.UTC(2012, 5, 21, 4)) * 1_000_000n} AS ns FROM '${out}' ORDER BY seq`;
    expect(await main(['query', sql, '--json', '--max-rows', '5000'], io)).toBe(0);
    const j = lastJson(io.stdout.join('\n')) as { rows: [number, number][] };
    const text = readFileSync(LOBSTER.fixture.messages, 'latin1').trim().split('\n');
    expect(j.rows.length).toBe(text.length);
    j.rows.forEach(([seq, ns], i) => {
      const [whole, frac = ''] = text[i].split(',')[0].split('.');
      expect(seq).toBe(i + 1);
      expect(String(ns)).toBe(`${whole}${frac.padEnd(9, '0')}`);
    });
  });
});
