import { writeColumnsParquet, type ParquetColumn } from '../../data/store/writeColumnsParquet.ts';
import type { BacktestResult, FillLog } from '../BacktestResult.ts';

/**
 * The Parquet layout of a backtest's trade log, one row per fill in the engine's order:
 *
 * | column         | Parquet type                 | meaning                                                    |
 * |----------------|------------------------------|------------------------------------------------------------|
 * | exch_ts        | INT64 TIMESTAMP(NANOS)       | venue time of the fill, exact epoch ns (originNs + exchNs)   |
 * | local_ts       | INT64 TIMESTAMP(NANOS)       | time the strategy learnt of it, exact epoch ns               |
 * | order_id       | INT64                        | the strategy's order id                                      |
 * | side           | INT64                        | 1 buy, -1 sell                                               |
 * | price          | DOUBLE                       | fill price, dollars                                          |
 * | qty            | DOUBLE                       | shares                                                       |
 * | fee            | DOUBLE                       | dollars paid (negative: a rebate)                            |
 * | liquidity      | INT32 UINT_8                 | 0 maker (rested, was hit), 1 taker (crossed the spread)      |
 * | position_after | DOUBLE                       | position in shares after the fill                            |
 * | cash_after     | DOUBLE                       | cash in dollars after the fill (fees included)               |
 * | mid_at_fill    | DOUBLE                       | venue mid in dollars when the fill happened (NaN: no mid)    |
 *
 * Timestamps are DuckDB TIMESTAMP_NS (UTC instants stored naive, like the event store): `epoch_ns(exch_ts)`
 * in DuckDB or `.astype('int64')` in pandas gives the exact integers.
 *
 * Key-value metadata: `symbol`; `config` (JSON object of the run's settings); `tachyon.fills` (JSON:
 * schema version, originNs as a decimal string, the liquidity and side code tables).
 */
export const FILL_LOG_SCHEMA_VERSION = '1';

export const FILL_LOG_COLUMNS = [
  'exch_ts',
  'local_ts',
  'order_id',
  'side',
  'price',
  'qty',
  'fee',
  'liquidity',
  'position_after',
  'cash_after',
  'mid_at_fill',
] as const;

/** Liquidity codes of the `liquidity` column (FillLog.liquidity). */
export const LIQUIDITY_NAMES: Readonly<Record<number, 'maker' | 'taker'>> = { 0: 'maker', 1: 'taker' };

/**
 * Writes a run's fills to one Parquet file (layout above), atomically (written aside, then renamed).
 * Times must be integer ns within ±2^53 of the origin, or the write fails naming row and column.
 */
export async function writeFillLogParquet(
  path: string,
  result: Pick<BacktestResult, 'fills' | 'originNs' | 'symbol' | 'config'>,
): Promise<{ rows: number; bytes: number }> {
  const f: FillLog = result.fills;
  const n = f.length;
  const side = new Float64Array(n);
  for (let i = 0; i < n; i++) side[i] = f.side[i];
  const head = <T extends Float64Array | Uint8Array>(a: T): T => a.subarray(0, n) as T;
  const columns: ParquetColumn[] = [
    { name: 'exch_ts', kind: 'timestamp_ns', values: head(f.exchNs), originNs: result.originNs },
    { name: 'local_ts', kind: 'timestamp_ns', values: head(f.localNs), originNs: result.originNs },
    { name: 'order_id', kind: 'int64', values: head(f.orderId) },
    { name: 'side', kind: 'int64', values: side },
    { name: 'price', kind: 'double', values: head(f.price) },
    { name: 'qty', kind: 'double', values: head(f.qty) },
    { name: 'fee', kind: 'double', values: head(f.fee) },
    { name: 'liquidity', kind: 'uint8', values: head(f.liquidity) },
    { name: 'position_after', kind: 'double', values: head(f.positionAfter) },
    { name: 'cash_after', kind: 'double', values: head(f.cashAfter) },
    { name: 'mid_at_fill', kind: 'double', values: head(f.midAtFill) },
  ];
  const description = {
    schema: FILL_LOG_SCHEMA_VERSION,
    originNs: result.originNs.toString(),
    liquidity: LIQUIDITY_NAMES,
    side: { '1': 'buy', '-1': 'sell' },
  };
  return writeColumnsParquet(path, columns, {
    symbol: result.symbol,
    config: JSON.stringify(result.config),
    'tachyon.fills': JSON.stringify(description),
  });
}
