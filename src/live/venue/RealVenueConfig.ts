/**
 * The explicit configuration without which no real order is ever sent. Real order entry is off by
 * default: paper mode needs nothing, real mode needs every field below in one object, stated on purpose.
 * Nothing here reads environment variables: a key in the environment enables nothing by itself (a caller
 * may fill `apiKey` from wherever it keeps secrets, but it must build this object, confirmation included).
 */
export const REAL_ORDERS_CONFIRMATION = 'I understand this sends real orders';

export interface RealVenueConfig {
  readonly mode: 'real';
  /** A ccxt exchange id, e.g. 'binance' (spot), 'binanceusdm' (USD-M futures). */
  readonly exchange: string;
  /** The ccxt unified symbol, e.g. 'BTC/USDT'. */
  readonly symbol: string;
  readonly apiKey: string;
  readonly secret: string;
  /** Some exchanges also need a passphrase (ccxt's `password`). */
  readonly password?: string;
  /**
   * Required either way, so that the choice is written down: true = the exchange's testnet / sandbox
   * (ccxt `setSandboxMode(true)`), false = production, real money.
   */
  readonly sandbox: boolean;
  /** Exactly REAL_ORDERS_CONFIRMATION. */
  readonly confirm: string;
}

const FIELDS = ['mode', 'exchange', 'symbol', 'apiKey', 'secret', 'password', 'sandbox', 'confirm'] as const;

/** Bad or missing configuration for real order entry; the message names every problem at once. */
export class RealVenueConfigError extends RangeError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: real order entry refused; ${problems.join('; ')}`);
    this.name = 'RealVenueConfigError';
  }
}

/**
 * Checks a candidate configuration (parsed JSON, an object literal) and returns it typed, or throws a
 * RealVenueConfigError naming every missing or invalid field. `source` names where it came from (a file).
 */
export function validateRealVenueConfig(raw: unknown, source = 'venue config'): RealVenueConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RealVenueConfigError(source, [`expected an object with ${FIELDS.filter((f) => f !== 'password').join(', ')}`]);
  }
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  const missing: string[] = [];
  const str = (name: string, what: string): void => {
    const v = o[name];
    if (v === undefined || v === null || v === '') missing.push(`${name} (${what})`);
    else if (typeof v !== 'string') problems.push(`${name} must be a string (${what}), got ${typeof v}`);
  };
  if (o.mode === undefined) missing.push(`mode (must be "real")`);
  else if (o.mode !== 'real') problems.push(o.mode === 'paper' ? 'mode is "paper": paper trading needs no configuration (use PaperOrderEntry)' : `mode must be "real", got ${JSON.stringify(o.mode)}`);
  str('exchange', 'a ccxt exchange id, e.g. "binance"');
  str('symbol', 'a ccxt unified symbol, e.g. "BTC/USDT"');
  str('apiKey', 'the API key');
  str('secret', 'the API secret');
  if (o.password !== undefined && typeof o.password !== 'string') problems.push('password must be a string');
  if (o.sandbox === undefined) missing.push('sandbox (true for the testnet, false for production: say which)');
  else if (typeof o.sandbox !== 'boolean') problems.push(`sandbox must be true or false, got ${JSON.stringify(o.sandbox)}`);
  if (o.confirm === undefined || o.confirm === '') missing.push(`confirm (exactly "${REAL_ORDERS_CONFIRMATION}")`);
  else if (o.confirm !== REAL_ORDERS_CONFIRMATION) problems.push(`confirm must be exactly "${REAL_ORDERS_CONFIRMATION}"`);
  const unknown = Object.keys(o).filter((k) => !(FIELDS as readonly string[]).includes(k));
  // A misspelt field (e.g. "sandBox") must not silently fall back to something else.
  if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${FIELDS.join(', ')})`);
  if (typeof o.symbol === 'string' && o.symbol !== '' && !/^[A-Z0-9]+\/[A-Z0-9]+(:[A-Z0-9]+)?$/.test(o.symbol)) problems.push(`symbol must be a ccxt unified symbol like "BTC/USDT", got "${o.symbol}"`);
  if (missing.length > 0) problems.unshift(`missing ${missing.join(', ')}`);
  if (problems.length > 0) throw new RealVenueConfigError(source, problems);
  return {
    mode: 'real',
    exchange: o.exchange as string,
    symbol: o.symbol as string,
    apiKey: o.apiKey as string,
    secret: o.secret as string,
    ...(o.password !== undefined ? { password: o.password as string } : {}),
    sandbox: o.sandbox as boolean,
    confirm: o.confirm as string,
  };
}

/** The configuration with its secrets masked, for logs and reports. */
export function describeRealVenueConfig(c: RealVenueConfig): string {
  return `${c.exchange} ${c.symbol} (${c.sandbox ? 'sandbox/testnet' : 'PRODUCTION'})`;
}
