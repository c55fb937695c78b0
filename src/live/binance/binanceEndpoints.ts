import type { BinanceMarket } from '../../data/binance/BinanceInstrument.ts';

/**
 * Where a Binance market's streams and REST depth snapshot live. Always configuration: the gateway has
 * no built-in host, so nothing reaches the network unless a caller passes these (tests pass the local
 * replay server's). `BINANCE_PUBLIC_ENDPOINTS` are the venue's documented public hosts, for callers
 * that mean to connect to Binance.
 */
export interface BinanceEndpoints {
  /** Websocket base, e.g. `wss://stream.binance.com:9443`; the combined-stream path is appended. */
  readonly wsBaseUrl: string;
  /** REST base, e.g. `https://api.binance.com`; the market's depth path is appended. */
  readonly restBaseUrl: string;
}

export const BINANCE_PUBLIC_ENDPOINTS: Readonly<Record<BinanceMarket, BinanceEndpoints>> = {
  spot: { wsBaseUrl: 'wss://stream.binance.com:9443', restBaseUrl: 'https://api.binance.com' },
  usdm: { wsBaseUrl: 'wss://fstream.binance.com', restBaseUrl: 'https://fapi.binance.com' },
  coinm: { wsBaseUrl: 'wss://dstream.binance.com', restBaseUrl: 'https://dapi.binance.com' },
};

/** REST depth snapshot path per market. */
export const DEPTH_SNAPSHOT_PATH: Readonly<Record<BinanceMarket, string>> = {
  spot: '/api/v3/depth',
  usdm: '/fapi/v1/depth',
  coinm: '/dapi/v1/depth',
};

/** Largest `limit` the REST depth endpoint accepts per market (spot 5000, futures 1000). */
export const MAX_SNAPSHOT_LIMIT: Readonly<Record<BinanceMarket, number>> = { spot: 5000, usdm: 1000, coinm: 1000 };

/**
 * Diff-depth update speed: `default` is the stream without a suffix (spot 1000 ms, futures 250 ms); spot
 * also offers `100ms`, futures `100ms`, `500ms` and the real-time `0ms` (the USD-M captures use it).
 */
export type DepthUpdateSpeed = 'default' | '0ms' | '100ms' | '250ms' | '500ms';

/** The three stream names the gateway subscribes to: diff depth, trades, best bid/ask. */
export function binanceStreamNames(symbol: string, speed: DepthUpdateSpeed): string[] {
  const s = symbol.toLowerCase();
  return [speed === 'default' ? `${s}@depth` : `${s}@depth@${speed}`, `${s}@trade`, `${s}@bookTicker`];
}

/** `<wsBase>/stream?streams=a/b/c`: the combined stream, whose frames are `{"stream":…,"data":…}`. */
export function combinedStreamUrl(wsBaseUrl: string, streams: readonly string[]): string {
  return `${wsBaseUrl.replace(/\/+$/, '')}/stream?streams=${streams.join('/')}`;
}

/** `<restBase>/api/v3/depth?symbol=BTCUSDT&limit=5000` (or the futures path). */
export function depthSnapshotUrl(restBaseUrl: string, market: BinanceMarket, symbol: string, limit: number): string {
  return `${restBaseUrl.replace(/\/+$/, '')}${DEPTH_SNAPSHOT_PATH[market]}?symbol=${symbol.toUpperCase()}&limit=${limit}`;
}
