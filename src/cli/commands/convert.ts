import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { readLobsterMessages } from '../../data/lobster/readLobster.ts';
import { writeEventsParquet } from '../../data/store/writeEventsParquet.ts';
import type { EventBatch } from '../../data/EventBatch.ts';

const help = `tachyon convert — read venue data into the normalized event model and store it as Parquet

usage:
  tachyon convert --format lobster --messages M --out FILE.parquet [--lenient] [--json]

The Parquet file holds one row per event (exch_ts and local_ts as exact nanosecond timestamps, type,
side, integer price and size with the instrument's scales, order id, sequence number) and can be
queried with \`tachyon query\`, DuckDB, pandas or polars.

options:
  --format lobster     input format
  --messages M         LOBSTER message file (.csv or .csv.gz)
  --out FILE           Parquet file to write
  --lenient            count bad rows per kind and go on
  --json               print {"rows","bytes","seconds","eventsPerSecond"} as the last line

example:
  npx tachyon convert --format lobster \\
    --messages ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz --out goog.parquet
  npx tachyon query "SELECT type_name, count(*) FROM 'goog.parquet' GROUP BY 1 ORDER BY 2 DESC"`;

export const convertCommand: Command = {
  path: ['convert'],
  summary: 'read LOBSTER data into normalized events and store them as Parquet',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      format: { type: 'string' },
      messages: { type: 'string' },
      out: { type: 'string' },
      lenient: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const format = requireOption(values.format, 'format');
    if (format !== 'lobster') throw new UsageError(`unknown --format "${format}" (lobster)`);
    const messages = requireOption(values.messages, 'messages');
    const out = requireOption(values.out, 'out');
    const { batches, parser } = readLobsterMessages(messages, { lenient: values.lenient });
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
    if (values.lenient) summary.inputErrors = parser.errors.toJSON();
    if (values.json) io.out(JSON.stringify(summary));
    else io.out(`wrote ${r.rows} events (${(r.bytes / 1e6).toFixed(1)} MB) to ${out} in ${r.seconds.toFixed(2)} s`);
    return 0;
  },
};
