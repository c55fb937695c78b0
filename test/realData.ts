import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * Tests that need the real recorded data find it at ../shared/data (beside the project). On a user's
 * machine without it they skip with a message saying so; under CI=true its absence is a failure.
 * TACHYON_DATA points elsewhere when the data lives in another folder.
 */
export const SHARED_DATA = process.env.TACHYON_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));

export const realDataPresent = existsSync(join(SHARED_DATA, 'README.md'));

if (!realDataPresent) {
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but the real data is missing at ${SHARED_DATA}: real-data tests are mandatory in CI`);
  }
  console.warn(`[tachyon tests] ../shared/data not found at ${SHARED_DATA}: skipping real-data tests`);
}

/** Path of a file under ../shared/data. */
export function dataPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

export const LOBSTER = {
  dir: join(SHARED_DATA, 'lobster'),
  pair(symbol: 'GOOG' | 'AMZN', levels: 1 | 5 | 10): { messages: string; orderbook: string } {
    const stem = `${symbol}_2012-06-21_34200000_57600000`;
    return {
      messages: join(SHARED_DATA, 'lobster', `${stem}_message_${levels}.csv.gz`),
      orderbook: join(SHARED_DATA, 'lobster', `${stem}_orderbook_${levels}.csv.gz`),
    };
  },
  /** Every message/orderbook pair in the data folder. */
  allPairs: [
    ['GOOG', 1],
    ['GOOG', 5],
    ['GOOG', 10],
    ['AMZN', 1],
  ] as const,
  fixture: {
    messages: join(SHARED_DATA, 'lobster', 'fixtures', 'GOOG_2012-06-21_first2000_message_10.csv'),
    orderbook: join(SHARED_DATA, 'lobster', 'fixtures', 'GOOG_2012-06-21_first2000_orderbook_10.csv'),
  },
};

export const BINANCE = {
  dir: join(SHARED_DATA, 'binance'),
  /** Captures as ordered file lists (the spot captures span two files across midnight). */
  captures: {
    spotBtc: ['spot_btcusdt_20240808.gz', 'spot_btcusdt_20240809.gz'],
    spotEth: ['spot_ethusdt_20240808.gz', 'spot_ethusdt_20240809.gz'],
    usdmBtc: ['usdm_btcusdt_20240808.gz'],
    usdmEth: ['usdm_ethusdt_20240808.gz'],
  } as Record<string, string[]>,
  path(file: string): string {
    return join(SHARED_DATA, 'binance', file);
  },
};
