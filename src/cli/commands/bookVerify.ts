import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { verifyLobsterBook } from '../../book/LobsterBookVerifier.ts';
import { verifyBinanceCapture } from '../../book/BinanceBookVerifier.ts';

const help = `tachyon book verify — rebuild an order book from messages and check it against an independent record

usage:
  tachyon book verify --format lobster --messages M --orderbook O [--lenient] [--json]
  tachyon book verify --format binance FILE... [--lenient] [--json]

lobster: replays the message file M into an L3 book seeded from the first row of O and compares the
  visible book with every row of O, all levels, price and size. Prints
  {"rows","levels","mismatchedRows","windowRefills","eventsPerSecond"}. windowRefills counts levels that
  entered the visible window from outside it in a state no message described (taken from O, the only
  thing read from O after its first row). Exit 1 if any row mismatches.
binance: FILE... are the files of one capture, in order. Rebuilds the book from the REST snapshot and
  the diffs and checks it against every bookTicker with the same update id. Prints
  {"diffs","gaps","tickerChecks","tickerMismatches","messagesPerSecond"}. Exit 1 on gaps or mismatches.

options:
  --format lobster|binance   input format (required)
  --messages M, --orderbook O  LOBSTER files (.csv or .csv.gz)
  --lenient                  count bad rows per kind and go on, instead of stopping at the first
  --json                     print exactly one JSON object as the last line of stdout

example:
  npx tachyon book verify --format lobster \\
    --messages ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz \\
    --orderbook ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz --json`;

export const bookVerifyCommand: Command = {
  path: ['book', 'verify'],
  summary: 'replay messages into a book and check it against the venue\'s own record',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string' },
        messages: { type: 'string' },
        orderbook: { type: 'string' },
        lenient: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      true,
    );
    const format = requireOption(values.format, 'format');
    if (format === 'lobster') {
      if (positionals.length) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
      const messages = requireOption(values.messages, 'messages');
      const orderbook = requireOption(values.orderbook, 'orderbook');
      const bar = new ProgressBar('rows verified', 0, io.stderrIsTty);
      const r = await verifyLobsterBook(messages, orderbook, { lenient: values.lenient, onProgress: (rows) => bar.update(rows) });
      bar.finish();
      const summary: Record<string, unknown> = {
        rows: r.rows,
        levels: r.levels,
        mismatchedRows: r.mismatchedRows,
        windowRefills: r.windowRefills,
        eventsPerSecond: r.eventsPerSecond,
      };
      if (values.lenient) summary.inputErrors = r.inputErrors;
      if (values.json) io.out(JSON.stringify(summary));
      else {
        io.out(`rows ${r.rows}, levels ${r.levels}: ${r.mismatchedRows} mismatched rows, ${r.windowRefills} window refills, ${r.eventsPerSecond.toLocaleString('en-US')} events/s`);
        for (const m of r.firstMismatches) {
          io.out(`  line ${m.line} ${m.side} level ${m.level}: expected ${m.expected.price} x ${m.expected.size}, got ${m.got.price} x ${m.got.size}`);
        }
      }
      return r.mismatchedRows === 0 ? 0 : 1;
    }
    if (format === 'binance') {
      if (positionals.length === 0) throw new UsageError('give the capture files, in order');
      if (values.messages || values.orderbook) throw new UsageError('--messages/--orderbook are for --format lobster');
      const r = await verifyBinanceCapture(positionals, { lenient: values.lenient });
      const summary: Record<string, unknown> = {
        diffs: r.diffs,
        gaps: r.gaps,
        tickerChecks: r.tickerChecks,
        tickerMismatches: r.tickerMismatches,
        messagesPerSecond: r.messagesPerSecond,
      };
      if (values.lenient) summary.inputErrors = r.inputErrors;
      if (values.json) io.out(JSON.stringify(summary));
      else {
        io.out(`${r.symbol} (${r.market}): ${r.messages} messages, ${r.diffs} diffs, ${r.gaps} gaps, ${r.tickerChecks} bookTicker checks, ${r.tickerMismatches} mismatches, ${r.messagesPerSecond.toLocaleString('en-US')} messages/s`);
        for (const g of r.gapDetails) io.out(`  gap at ${g.file}:${g.line} (${g.rule}): expected ${g.expected}, received ${g.received}`);
        for (const m of r.firstMismatches) io.out(`  mismatch: ${JSON.stringify(m)}`);
      }
      return r.gaps === 0 && r.tickerMismatches === 0 ? 0 : 1;
    }
    throw new UsageError(`unknown --format "${format}" (lobster or binance)`);
  },
};
