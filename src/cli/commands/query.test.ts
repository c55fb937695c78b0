import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSecondsToNs, utcMidnightNs } from '../../core/time.ts';
import { EventBatch } from '../../data/EventBatch.ts';
import { EventType, Side } from '../../data/EventType.ts';
import { lobsterInstrument } from '../../data/Instrument.ts';
import { writeEventsParquet } from '../../data/store/index.ts';
import type { CommandIo } from '../Command.ts';
import { main } from '../main.ts';

function captureIo(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTty: false };
}

async function tachyon(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n'), lastLine: io.stdout.at(-1) ?? '' };
}

let dir: string;
let day: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tachyon-query-test-'));
  day = join(dir, 'day.parquet');
  const b = new EventBatch(8, utcMidnightNs('2012-06-21'), [lobsterInstrument('AAPL')]);
  const t = parseSecondsToNs('34200.015105074');
  b.push(t, t, EventType.Add, Side.Buy, 5_859_400, 100, 11, 1);
  b.push(t + 1, t + 1, EventType.Add, Side.Sell, 5_860_000, 50, 12, 2);
  b.push(t + 2, t + 2, EventType.Delete, Side.Buy, 5_859_400, 100, 11, 3);
  await writeEventsParquet(day, [b]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tachyon query', () => {
  it('prints an aligned table with a row count', async () => {
    const r = await tachyon('query', `SELECT type_name, count(*) AS n FROM '${day}' GROUP BY 1 ORDER BY 1`);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual(['type_name  n', '---------  -', 'Add        2', 'Delete     1', '(2 rows)']);
  });

  it('--json prints one object as the last line; big integers beyond 2^53 as strings', async () => {
    const r = await tachyon(
      'query',
      `SELECT count(*) AS n, epoch_ns(min(exch_ts)) AS first_ns, min(exch_ts) AS first, sum(price) / 10000 AS s, NULL AS z FROM '${day}'`,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.lastLine)).toEqual({
      columns: ['n', 'first_ns', 'first', 's', 'z'],
      rows: [[3, '1340271000015105074', '2012-06-21 09:30:00.015105074', 1757.88, null]],
    });
  });

  it('runs several statements and returns the last one', async () => {
    const r = await tachyon('query', 'CREATE TABLE t AS SELECT range AS i FROM range(5); SELECT sum(i) FROM t', '--json');
    expect(JSON.parse(r.lastLine)).toEqual({ columns: ['sum(i)'], rows: [[10]] });
  });

  it('--max-rows truncates and says so', async () => {
    const r = await tachyon('query', 'SELECT range AS i FROM range(10)', '--max-rows', '3');
    expect(r.out.split('\n')).toEqual(['i', '-', '0', '1', '2', '(first 3 rows; --max-rows to see more)']);
  });

  it('bad SQL and missing files end in one clear message and exit 1', async () => {
    const bad = await tachyon('query', 'SELEC 1');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('tachyon query: Parser Error: syntax error at or near "SELEC"');
    expect(bad.out).toBe('');
    const missing = await tachyon('query', `SELECT * FROM '${join(dir, 'nope.parquet')}'`);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^tachyon query: IO Error: No files found that match the pattern ".*nope\.parquet"$/);
  });

  it('needs SQL, and has --help with an example', async () => {
    const none = await tachyon('query');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/missing SQL/);
    const help = await tachyon('query', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: tachyon query "<sql>"/);
    expect(help.out).toMatch(/example/);
  });

  it('runs as a process: node bin/tachyon.js query "select 42" --json', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/tachyon.js', 'query', 'select 42', '--json']);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({ columns: ['42'], rows: [[42]] });
  });
});
