import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../Command.ts';
import { parseCommandArgs, requireOption } from '../args.ts';
import { prepareLobsterBacktest } from '../../backtest/BacktestSetup.ts';
import { renderBacktestReport } from '../../backtest/report/renderBacktestReport.ts';
import { writeFillLogParquet } from '../../backtest/report/writeFillLogParquet.ts';
import { BACKTEST_OPTIONS, BACKTEST_OPTIONS_HELP, backtestSpecFromOptions } from './backtestOptions.ts';

const help = `tachyon backtest — a model-driven policy on a replayed LOBSTER day, after latency, queue position and fees

usage:
  tachyon backtest --messages M --orderbook O [--model A.json] [--policy taker|maker] [--latency SPEC]
                   [--queue l3] [--fees nasdaq] [--out DIR] [--json] [options]

The venue replays the day event by event at exchange time (the book equals LOBSTER's orderbook file);
the strategy sees each event one feed latency later, with the model's prediction from the book right
after it; its orders reach the venue one order latency later, where marketable orders walk the book
(liquidity taken stays taken until the replay adds more) and resting orders join the back of the queue;
fills come back one response latency later. Accounting is at the venue, marked to the mid.

options:
${BACKTEST_OPTIONS_HELP}
  --out DIR                 writes DIR/trades.parquet (one row per fill) and DIR/report.html (default backtest-out)
  --json                    prints {"pnl","fees","trades","fillRatio","sharpe","maxDrawdown","turnover","eventsPerSecond"}

example:
  npx tachyon backtest --messages GOOG_..._message_10.csv.gz --orderbook GOOG_..._orderbook_10.csv.gz \\
    --model goog-k5.logistic.json --policy taker --latency constant:50us --json`;

export const backtestCommand: Command = {
  path: ['backtest'],
  summary: 'backtest a model-driven policy on a LOBSTER day (latency, queue position, fees); trade log + HTML report',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, BACKTEST_OPTIONS);
    const spec = backtestSpecFromOptions(values);
    const prepared = await prepareLobsterBacktest(requireOption(values.messages, 'messages'), requireOption(values.orderbook, 'orderbook'), values.model ?? null, spec);
    const result = await prepared.run();
    const out = values.out ?? 'backtest-out';
    await mkdir(out, { recursive: true });
    await writeFillLogParquet(join(out, 'trades.parquet'), result);
    await writeFile(join(out, 'report.html'), renderBacktestReport(result));
    const s = result.summary;
    if (values.json) io.out(JSON.stringify(s));
    else {
      io.out(`${result.symbol}: ${result.events} events, policy ${spec.policy}, ${result.config.latency}, queue ${result.config.queue}`);
      io.out(`  P&L $${s.pnl.toFixed(2)} after fees $${s.fees.toFixed(2)}; ${s.trades} fills, fill ratio ${s.fillRatio.toFixed(3)}, turnover $${s.turnover.toFixed(0)}`);
      io.out(`  Sharpe ${s.sharpe.toFixed(2)} (annualised from 1-minute P&L), max drawdown $${s.maxDrawdown.toFixed(2)}, ${Math.round(s.eventsPerSecond)} events/s`);
      io.out(`  wrote ${join(out, 'trades.parquet')} and ${join(out, 'report.html')}`);
    }
    return 0;
  },
};
