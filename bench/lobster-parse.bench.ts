import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOG10, measure, report, round, sharedData } from './harness.ts';
import { LobsterMessageParser } from '../src/data/lobster/LobsterMessageParser.ts';
import { readLobsterMessages } from '../src/data/lobster/readLobster.ts';
import { lobsterInstrument } from '../src/data/Instrument.ts';

/**
 * MB/s reading the GOOG level-10 message file (MB = 10^6 bytes of CSV text):
 * - parseMBps: the parser alone, fed the file's bytes from memory in 1 MiB chunks (what the code costs);
 * - plainFileMBps: streaming the uncompressed file from disk through the parser;
 * - gzipFileMBps: streaming the .gz as stored, gunzip included (zlib is most of that cost).
 */
const CHUNK = 1 << 20;

export async function run(args: string[]): Promise<void> {
  const gz = args[0] ?? sharedData(...GOOG10.messages);
  const bytes = gunzipSync(readFileSync(gz));
  const instrument = lobsterInstrument('GOOG');
  let rows = 0;
  const parse = await measure(
    () => {
      const p = new LobsterMessageParser(gz, { instrument, batchSize: 1 << 16 });
      for (let off = 0; off < bytes.length; off += CHUNK) {
        p.feed(bytes.subarray(off, Math.min(off + CHUNK, bytes.length)));
        p.ready.length = 0; // a consumer takes the batches
      }
      p.end();
      rows = p.lines;
    },
    { warmup: 3, reps: 15 },
  );

  const dir = mkdtempSync(join(tmpdir(), 'tachyon-bench-'));
  const plain = join(dir, 'GOOG_2012-06-21_34200000_57600000_message_10.csv');
  writeFileSync(plain, bytes);
  const streamFile = async (path: string): Promise<number> => {
    const t0 = performance.now();
    let n = 0;
    for await (const b of readLobsterMessages(path).batches) n += b.length;
    if (n !== rows) throw new Error(`streamed ${n} rows, expected ${rows}`);
    return performance.now() - t0;
  };
  const median = async (path: string): Promise<number> => {
    const t: number[] = [];
    for (let i = 0; i < 9; i++) t.push(await streamFile(path));
    t.sort((a, b) => a - b);
    return t[4];
  };
  const plainMs = await median(plain);
  const gzMs = await median(gz);
  rmSync(dir, { recursive: true, force: true });

  const mb = bytes.length / 1e6;
  report({
    bench: 'lobster-parse',
    file: 'GOOG_2012-06-21_34200000_57600000_message_10.csv',
    megabytes: round(mb, 2),
    rows,
    parseMBps: round(mb / (parse.medianMs / 1000), 1),
    parseRowsPerSecond: Math.round(rows / (parse.medianMs / 1000)),
    plainFileMBps: round(mb / (plainMs / 1000), 1),
    gzipFileMBps: round(mb / (gzMs / 1000), 1),
    gcPausesDuringParse: parse.gcPauses,
    goal: { MBps: 200 },
  });
}
