import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { readLobsterMessages } from '../../data/lobster/readLobster.ts';
import { BinanceCaptureReader } from '../../data/binance/BinanceCaptureReader.ts';
import { writeEventsParquet } from '../../data/store/writeEventsParquet.ts';
import type { EventBatch } from '../../data/EventBatch.ts';

const help = `tachyon convert — read venue data into the normalized event model and store it as Parquet

usage:
  tachyon convert --format lobster --messages M --out FILE.parquet [--lenient] [--json]
  tachyon convert --format binance FILE... --out FILE.parquet [--lenient] [--json]

The Parquet file holds one row per event (exch_ts and local_ts as exact nanosecond timestamps, type,
side, integer price and size with the instrument's scales, order id, sequence number) and can be
queried with \`tachyon query\`, DuckDB, pandas or polars.

options:
  --format lobster|binance  input format
  --messages M         LOBSTER message file (.csv or .csv.gz)
  FILE...              Binance capture files of one capture, in order (depth diffs are sequenced:
                       a gap becomes a Gap event, never a silently applied diff)
  --out FILE           Parquet file to write
  --lenient            count bad rows per kind and go on
  --json               print {"rows","bytes","seconds","eventsPerSecond"} as the last line

example:
  npx tachyon convert --format lobster \\
    --messages ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz --out goog.parquet
  npx tachyon query "SELECT type_name, count(*) FROM 'goog.parquet' GROUP BY 1 ORDER BY 2 DESC"`;

export const convertCommand: Command = {
  path: ['convert'],
  summary: 'read LOBSTER or Binance data into normalized events and store them as Parquet',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string' },
        messages: { type: 'string' },
        out: { type: 'string' },
        lenient: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      true,
    );
    const format = requireOption(values.format, 'format');
    const out = requireOption(values.out, 'out');
    let batches: AsyncGenerator<EventBatch>;
    let errors: () => Record<string, number>;
    if (format === 'lobster') {
      if (positionals.length) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
      const r = readLobsterMessages(requireOption(values.messages, 'messages'), { lenient: values.lenient });
      batches = r.batches;
      errors = () => r.parser.errors.toJSON();
    } else if (format === 'binance') {
      if (positionals.length === 0) throw new UsageError('give the capture files, in order');
      const reader = new BinanceCaptureReader(positionals, { lenient: values.lenient });
      batches = reader.batches();
      errors = () => reader.stats.errors.toJSON();
    } else throw new UsageError(`unknown --format "${format}" (lobster or binance)`);
    const bar = new ProgressBar('events', 0, io.stderrIsTty);
    let rows = 0;
    async function* counted(): AsyncGenerator<EventBatch> {
      for await (const b of batches) {
        rows += b.length;
        bar.update(rows);
        yield b;
      }
    }
    const r = await writeEventsParquet(out, counted());
    bar.finish();
    const summary: Record<string, unknown> = { rows: r.rows, bytes: r.bytes, seconds: Math.round(r.seconds * 1000) / 1000, eventsPerSecond: Math.round(r.rows / r.seconds) };
    if (values.lenient) summary.inputErrors = errors();
    if (values.json) io.out(JSON.stringify(summary));
    else io.out(`wrote ${r.rows} events (${(r.bytes / 1e6).toFixed(1)} MB) to ${out} in ${r.seconds.toFixed(2)} s`);
    return 0;
  },
};
