import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CommandIo } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { durationOptionNs, parseCommandArgs } from '../args.ts';
import { BINANCE_PUBLIC_ENDPOINTS, type BinanceEndpoints } from '../../live/binance/binanceEndpoints.ts';
import type { BinanceMarket } from '../../data/binance/BinanceInstrument.ts';
import { validateRealVenueConfig } from '../../live/venue/RealVenueConfig.ts';
import { runBinanceVenue, type BinanceVenueSource } from '../../live/venue/runBinanceVenue.ts';

/** The `--binance` part of `tachyon live --help`. */
export const LIVE_BINANCE_HELP = `usage: (Binance, paper by default)
  tachyon live --binance --replay-capture FILE[,FILE] [--max-lines N] [--speed max|K]
               [--policy maker|taker] [--model A.json] [--qty 0.001] [--max-position Q] [--max-loss USD]
               [--threshold 0.6] [--hold N] [--fees binance-spot] [--paper-latency 0ms] [--json]
  tachyon live --binance --endpoint binance|WS_URL [--rest REST_URL] --symbol BTCUSDT [--market spot]
               [--duration 60s] [… as above] [--venue-config real.json]

Runs the strategy on the Binance market-data gateway (websocket + REST snapshot sync, src/live/binance)
with orders going to the paper venue (src/live/venue/PaperOrderEntry): simulated locally against the live
L2 book, taker fills walking the book at the venue's taker fee, resting orders filled conservatively
(trade-through, trades past the queue ahead, the touch crossing them). Nothing is sent anywhere.
--replay-capture replays a recorded capture (../shared/data/binance) through the local stand-in server
(127.0.0.1) exactly as the venue sent it; --endpoint connects to Binance (binance = its public hosts).

Real orders only with --venue-config FILE (and live market data): a JSON object with mode "real",
exchange (ccxt id), symbol (ccxt, e.g. "BTC/USDT"), apiKey, secret, sandbox (true = testnet) and confirm
"I understand this sends real orders". Environment variables alone never enable it.

Models: every model the project trains comes from LOBSTER (NASDAQ) data; on Binance its inputs are out of
distribution. The default policy is therefore the maker without a model (inventory lean only).

binance options:
  --replay-capture F[,F]    capture files in order (e.g. spot_btcusdt_20240808.gz,spot_btcusdt_20240809.gz)
  --max-lines N             replay only the first N lines of the capture
  --speed max|K             replay pace: as fast as the gateway takes it (default) or K × recorded time
  --endpoint binance|URL    live: Binance's public streams, or a websocket base URL (then --rest too)
  --symbol S, --market M    live: the symbol and market (spot | usdm | coinm; default spot)
  --duration D              live: how long to run (default 60s)
  --qty Q                   order size in the base currency (default 0.001)
  --max-position Q          position limit in the base currency (default 5 × qty)
  --max-loss USD            the kill switch's daily loss (default 1000)
  --fees SPEC               binance-spot | binance-usdm | maker=X,taker=Ybps (default: the market's VIP 0)
  --paper-latency D         paper order latency (default 0ms: processed right after the callback)
  --venue-config FILE       REAL order entry through ccxt (see above)
  --json                    prints {"venue","ticks","orders","fills","position","cash","fees","paperPnl",…}`;

const OPTIONS = {
  binance: { type: 'boolean', default: false },
  'replay-capture': { type: 'string' },
  'max-lines': { type: 'string' },
  speed: { type: 'string', default: 'max' },
  endpoint: { type: 'string' },
  rest: { type: 'string' },
  symbol: { type: 'string' },
  market: { type: 'string', default: 'spot' },
  duration: { type: 'string', default: '60s' },
  policy: { type: 'string', default: 'maker' },
  model: { type: 'string' },
  threshold: { type: 'string' },
  hold: { type: 'string' },
  qty: { type: 'string', default: '0.001' },
  'max-position': { type: 'string' },
  'max-loss': { type: 'string' },
  fees: { type: 'string' },
  'paper-latency': { type: 'string', default: '0ms' },
  'venue-config': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** `tachyon live --binance …`. */
export async function runLiveBinance(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const num = (v: string | undefined, name: string, positive = true): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || (positive && !(n > 0))) throw new UsageError(`--${name} must be a ${positive ? 'positive ' : ''}number, got "${v}"`);
    return n;
  };
  if (values.policy !== 'taker' && values.policy !== 'maker') throw new UsageError(`--policy must be maker or taker, got "${values.policy}"`);
  const replay = values['replay-capture'];
  const endpoint = values.endpoint;
  if ((replay === undefined) === (endpoint === undefined)) throw new UsageError('--binance needs exactly one market-data source: --replay-capture FILE[,FILE] or --endpoint binance|WS_URL');

  let source: BinanceVenueSource;
  if (replay !== undefined) {
    const files = replay.split(',').filter((f) => f !== '');
    if (files.length === 0) throw new UsageError('--replay-capture needs at least one file');
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new UsageError(`--replay-capture: no such file ${missing.join(', ')}`);
    const maxLines = num(values['max-lines'], 'max-lines');
    if (maxLines !== undefined && !Number.isSafeInteger(maxLines)) throw new UsageError(`--max-lines must be an integer, got "${values['max-lines']}"`);
    const speed = values.speed === 'max' ? undefined : num(values.speed, 'speed');
    source = { kind: 'replay', files, maxLines, speed };
  } else {
    const market = values.market;
    if (market !== 'spot' && market !== 'usdm' && market !== 'coinm') throw new UsageError(`--market must be spot, usdm or coinm, got "${market}"`);
    if (values.symbol === undefined) throw new UsageError('--endpoint needs --symbol (e.g. BTCUSDT)');
    let endpoints: BinanceEndpoints;
    if (endpoint === 'binance') endpoints = BINANCE_PUBLIC_ENDPOINTS[market as BinanceMarket];
    else {
      if (!/^wss?:\/\//.test(endpoint!)) throw new UsageError(`--endpoint must be "binance" or a ws:// or wss:// URL, got "${endpoint}"`);
      if (values.rest === undefined || !/^https?:\/\//.test(values.rest)) throw new UsageError('--endpoint URL needs --rest http(s)://… (where the depth snapshot is fetched)');
      endpoints = { wsBaseUrl: endpoint!, restBaseUrl: values.rest };
    }
    source = { kind: 'live', endpoints, symbol: values.symbol, market: market as BinanceMarket, durationMs: durationOptionNs(values.duration, 'duration', 60e9) / 1e6 };
  }

  let real: unknown;
  const configPath = values['venue-config'];
  if (configPath !== undefined) {
    if (source.kind === 'replay') throw new UsageError('--venue-config (real orders) needs live market data (--endpoint), not --replay-capture');
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (e) {
      throw new UsageError(`--venue-config ${configPath}: ${(e as Error).message}`);
    }
    try {
      real = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--venue-config ${configPath}: not JSON (${(e as Error).message})`);
    }
    // Every missing piece is named before anything connects.
    validateRealVenueConfig(real, configPath);
  }

  if (values.model !== undefined && !existsSync(values.model)) throw new UsageError(`--model: no such file ${values.model}`);
  const verbose = !values.json;
  const outcome = await runBinanceVenue({
    source,
    policy: values.policy,
    modelPath: values.model ?? null,
    qty: num(values.qty, 'qty')!,
    maxPosition: num(values['max-position'], 'max-position'),
    maxDailyLoss: num(values['max-loss'], 'max-loss'),
    threshold: num(values.threshold, 'threshold'),
    hold: num(values.hold, 'hold'),
    fees: values.fees,
    paperLatencyMs: durationOptionNs(values['paper-latency'], 'paper-latency', 0) / 1e6,
    real,
    log: (line) => io.err(line),
  });
  const s = outcome.summary;
  if (values.json) io.out(JSON.stringify(s));
  else {
    const pnl = s.paperPnl ?? s.pnl;
    io.out(`${s.venue} ${s.symbol} ${s.market}: ticks ${s.ticks}, orders ${s.orders}, fills ${s.fills}, position ${s.position}, cash ${s.cash}, fees ${s.fees}, ${s.venue === 'paper' ? 'paper ' : ''}P&L ${pnl} (marked at ${s.lastMid})`);
    if (verbose && s.killSwitch !== null) io.err(`kill switch: ${String(s.killSwitch)}`);
  }
  return 0;
}
