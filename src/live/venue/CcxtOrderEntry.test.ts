import { afterEach, describe, expect, it } from 'vitest';
import { binanceInstrument } from '../../data/binance/BinanceInstrument.ts';
import { OrderUpdateKind, RejectReason, Tif } from '../../strategy/Strategy.ts';
import { classifyCcxtError } from './ccxtErrors.ts';
import type { CcxtExchangeLike } from './ccxtTypes.ts';
import { CcxtOrderEntry, createCcxtExchange, type CcxtOrderEntryOptions } from './CcxtOrderEntry.ts';
import { REAL_ORDERS_CONFIRMATION, RealVenueConfigError, validateRealVenueConfig, type RealVenueConfig } from './RealVenueConfig.ts';
import type { VenueReport } from './VenueReport.ts';
import { FakeCcxtExchange, InsufficientFunds, InvalidOrder, RateLimitExceeded, RequestTimeout } from './testkit/FakeCcxtExchange.ts';

/**
 * CcxtOrderEntry against a fake exchange (testkit/FakeCcxtExchange): nothing here reaches the network.
 * BTCUSDT spot units: price in cents (priceScale 100), size in 1e-6 BTC (sizeScale 1e6).
 */
const inst = binanceInstrument('BTCUSDT', 'spot');
const CONFIG: RealVenueConfig = {
  mode: 'real',
  exchange: 'binance',
  symbol: 'BTC/USDT',
  apiKey: 'test-key',
  secret: 'test-secret',
  sandbox: true,
  confirm: REAL_ORDERS_CONFIRMATION,
};

const opened: CcxtOrderEntry[] = [];
afterEach(async () => {
  for (const e of opened.splice(0)) await e.close();
});

async function open(fake: FakeCcxtExchange, options: Partial<CcxtOrderEntryOptions> = {}, config: unknown = CONFIG) {
  const entry = await CcxtOrderEntry.open(config, { instrument: inst, exchange: fake, pollIntervalMs: 0, clientOrderIdPrefix: 't-', cancelOnClose: false, ...options });
  opened.push(entry);
  const reports: VenueReport[] = [];
  entry.attach((r) => reports.push(r));
  return { entry, reports };
}

/** Reports as compact tuples: kind name, token, qty, price, then extras. */
function brief(reports: readonly VenueReport[]): string[] {
  const names = Object.fromEntries(Object.entries(OrderUpdateKind).map(([k, v]) => [v, k]));
  return reports.map((r) => {
    switch (r.kind) {
      case OrderUpdateKind.Accepted:
        return `Accepted ${r.token}`;
      case OrderUpdateKind.Filled:
        return `Filled ${r.token} ${r.qty}@${r.price} fee ${r.fee.toFixed(6)} ${r.liquidity ? 'taker' : 'maker'}`;
      case OrderUpdateKind.Cancelled:
        return `Cancelled ${r.token} ${r.qty}`;
      case OrderUpdateKind.Modified:
        return `Modified ${r.token}→${r.newToken} ${r.qty}@${r.price}`;
      default:
        return `${names[r.kind]} ${r.token} ${r.request} reason ${r.reason} ${r.venueReason}`;
    }
  });
}

const buy = (token: number, price: number, qty: number, tif: Tif = Tif.Gtc) => ({ token, side: 1, price, qty, tif });
const sell = (token: number, price: number, qty: number, tif: Tif = Tif.Gtc) => ({ token, side: -1, price, qty, tif });

describe('RealVenueConfig: real orders need an explicit, complete configuration', () => {
  it('refuses nothing, an empty object, or a partial one, naming every missing piece', async () => {
    const fake = new FakeCcxtExchange();
    await expect(CcxtOrderEntry.open(undefined, { instrument: inst, exchange: fake })).rejects.toThrow(/real order entry refused; expected an object/);
    const err = await CcxtOrderEntry.open({}, { instrument: inst, exchange: fake }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealVenueConfigError);
    const msg = (err as Error).message;
    for (const f of ['mode', 'exchange', 'symbol', 'apiKey', 'secret', 'sandbox', 'confirm']) expect(msg).toContain(f);
    const { confirm: _c, ...noConfirm } = CONFIG;
    expect(() => validateRealVenueConfig(noConfirm)).toThrow(`missing confirm (exactly "${REAL_ORDERS_CONFIRMATION}")`);
    const { sandbox: _s, ...noSandbox } = CONFIG;
    expect(() => validateRealVenueConfig(noSandbox)).toThrow(/missing sandbox \(true for the testnet, false for production/);
    expect(() => validateRealVenueConfig({ ...CONFIG, apiKey: '' })).toThrow(/missing apiKey/);
    // The exchange was never touched: no sandbox switch, no markets, no orders.
    expect(fake.calls).toEqual([]);
  });

  it('refuses a wrong confirmation, paper mode, a misspelt field and a non-unified symbol', () => {
    expect(() => validateRealVenueConfig({ ...CONFIG, confirm: 'yes' })).toThrow(/confirm must be exactly/);
    expect(() => validateRealVenueConfig({ ...CONFIG, mode: 'paper' })).toThrow(/mode is "paper": paper trading needs no configuration/);
    expect(() => validateRealVenueConfig({ ...CONFIG, sandBox: true })).toThrow(/unknown field sandBox/);
    expect(() => validateRealVenueConfig({ ...CONFIG, sandbox: 'yes' })).toThrow(/sandbox must be true or false/);
    expect(() => validateRealVenueConfig({ ...CONFIG, symbol: 'BTCUSDT' })).toThrow(/ccxt unified symbol/);
    expect(validateRealVenueConfig(CONFIG)).toEqual(CONFIG);
  });

  it('environment variables alone enable nothing', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { BINANCE_API_KEY: 'k', BINANCE_SECRET: 's', API_KEY: 'k', SECRET: 's', TACHYON_REAL_ORDERS: '1' });
      const fake = new FakeCcxtExchange();
      await expect(CcxtOrderEntry.open({ mode: 'real', exchange: 'binance', symbol: 'BTC/USDT', sandbox: true }, { instrument: inst, exchange: fake })).rejects.toThrow(/missing apiKey \(the API key\), secret \(the API secret\), confirm/);
      expect(fake.calls).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it('the constructor validates too (a typed object can still be incomplete at run time)', () => {
    const bad = { ...CONFIG, confirm: 'sure' } as RealVenueConfig;
    expect(() => new CcxtOrderEntry(bad, new FakeCcxtExchange(), { instrument: inst, pollIntervalMs: 0 })).toThrow(RealVenueConfigError);
  });

  it('sandbox: true switches the exchange to its testnet before anything else; false does not', async () => {
    const testnet = new FakeCcxtExchange();
    await open(testnet);
    expect(testnet.methods).toEqual(['setSandboxMode', 'loadMarkets']);
    expect(testnet.sandbox).toBe(true);
    const production = new FakeCcxtExchange();
    await open(production, {}, { ...CONFIG, sandbox: false });
    expect(production.methods).toEqual(['loadMarkets']);
  });

  it('an exchange lacking what the report mode needs is refused by name', async () => {
    const fake = new FakeCcxtExchange({ has: { createOrder: true, cancelOrder: true } });
    await expect(CcxtOrderEntry.open(CONFIG, { instrument: inst, exchange: fake, pollIntervalMs: 0 })).rejects.toThrow(/lacks fetchOrder \(needed for reports by poll\)/);
    await expect(CcxtOrderEntry.open(CONFIG, { instrument: inst, exchange: fake, pollIntervalMs: 0, reports: 'watch' })).rejects.toThrow(/lacks watchOrders/);
  });
});

describe('CcxtOrderEntry: orders, reports, errors', () => {
  it('queues from the synchronous call and sends on a later turn: nothing is sent inside the callback', async () => {
    const fake = new FakeCcxtExchange();
    const { entry } = await open(fake);
    expect(entry.submit(buy(1, 6_000_000, 2000))).toBe(true);
    expect(fake.methods).not.toContain('createOrder');
    await entry.whenIdle();
    expect(fake.calls.at(-1)).toEqual({ method: 'createOrder', args: ['BTC/USDT', 'limit', 'buy', 0.002, 60000, { clientOrderId: 't-1' }] });
  });

  it('maps an order filled on creation, then by later fills seen by polling: price, quantity, fee, liquidity', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    fake.fillOnCreate(0.001, 60000.5);
    entry.submit(buy(1, 6_000_100, 2000));
    await entry.whenIdle();
    fake.fill('v1', 0.0005, 60000);
    await entry.pollOnce();
    await entry.pollOnce(); // nothing new: no report
    fake.fill('v1', 0.0005, 59999.99);
    await entry.pollOnce();
    expect(brief(reports)).toEqual([
      'Accepted 1',
      'Filled 1 1000@6000050 fee 0.060001 taker', // 0.001 BTC × 60000.5 × 10 bps
      'Filled 1 500@6000000 fee 0.030000 maker',
      'Filled 1 500@5999999 fee 0.030000 maker',
    ]);
    expect(entry.openAtVenue).toBe(0); // closed: fully filled, no Cancelled
    expect(reports.reduce((s, r) => s + r.fee, 0)).toBeCloseTo(0.001 * 60000.5 * 0.001 + 0.0005 * 60000 * 0.001 + 0.0005 * 59999.99 * 0.001, 12);
  });

  it('per-trade detail (createOrder answers with trades) gives one fill per trade, never counted twice', async () => {
    const fake = new FakeCcxtExchange({ withTrades: true });
    const { entry, reports } = await open(fake);
    fake.fillOnCreate(0.0003, 60000);
    entry.submit(sell(1, 5_999_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.0002, 60001);
    await entry.pollOnce();
    await entry.pollOnce();
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 300@6000000 fee 0.018000 taker', 'Filled 1 200@6000100 fee 0.012000 maker']);
  });

  it('IOC: timeInForce IOC is sent; the unfilled rest comes back as Cancelled', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    fake.fillOnCreate(0.0004, 60000);
    entry.submit(buy(1, 6_000_000, 1000, Tif.Ioc));
    await entry.whenIdle();
    expect(fake.calls.at(-1)!.args[5]).toEqual({ clientOrderId: 't-1', timeInForce: 'IOC' });
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 400@6000000 fee 0.024000 taker', 'Cancelled 1 600']);
  });

  it('cancel: Cancelled for the open rest, with a fill the venue had and we had not seen reported first', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    entry.submit(buy(1, 5_990_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.0001, 59900);
    entry.cancel(1);
    await entry.whenIdle();
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 100@5990000 fee 0.005990 maker', 'Cancelled 1 900']);
    expect(fake.calls.at(-1)).toEqual({ method: 'cancelOrder', args: ['v1', 'BTC/USDT', {}] });
  });

  it('a venue-side expiry seen by polling is a Cancelled', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    entry.submit(sell(1, 6_100_000, 1000));
    await entry.whenIdle();
    fake.expire('v1');
    await entry.pollOnce();
    expect(brief(reports)).toEqual(['Accepted 1', 'Cancelled 1 1000']);
  });

  it('thrown ccxt errors become Rejected with the strategy reason: InsufficientFunds, InvalidOrder, OrderNotFound, rate limit', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    fake.failNext('createOrder', new InsufficientFunds('binance Account has insufficient balance for requested action.'));
    entry.submit(buy(1, 6_000_000, 1000));
    fake.failNext('createOrder', new InvalidOrder('binance Filter failure: PRICE_FILTER'));
    entry.submit(buy(2, 6_000_000, 1000));
    fake.failNext('createOrder', new RateLimitExceeded('binance 429 Too Many Requests'));
    entry.submit(buy(3, 6_000_000, 1000));
    entry.cancel(1); // never existed at the venue
    entry.submit(buy(4, 6_000_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.001, 60000); // filled meanwhile …
    entry.cancel(4); // … so the cancel finds nothing open
    await entry.whenIdle();
    expect(brief(reports)).toEqual([
      `Rejected 1 new reason ${RejectReason.InventoryLimit} insufficient-funds`,
      `Rejected 2 new reason ${RejectReason.BadPriceOrSize} invalid-order`,
      `Rejected 3 new reason ${RejectReason.Halted} rate-limited`,
      `Rejected 1 cancel reason ${RejectReason.UnknownOrder} unknown-order`,
      'Accepted 4',
      `Rejected 4 cancel reason ${RejectReason.UnknownOrder} order-not-found`,
      // The refused cancel asked for a poll: the fill it raced with is reported next.
      'Filled 4 1000@6000000 fee 0.060000 maker',
    ]);
    expect(reports[0].detail).toBe('InsufficientFunds: binance Account has insufficient balance for requested action.');
  });

  it("quantities finer than the venue's step are refused before sending (no silent rounding)", async () => {
    const fake = new FakeCcxtExchange({ amountStep: 1e-5 });
    const { entry, reports } = await open(fake);
    entry.submit(buy(1, 6_000_000, 1234)); // 0.001234 BTC, step 0.00001
    entry.submit(buy(2, 6_000_000, 1230));
    entry.submit(buy(3, 6_000_000, 5)); // below the minimum
    await entry.whenIdle();
    expect(brief(reports)).toEqual([`Rejected 1 new reason ${RejectReason.BadPriceOrSize} precision`, 'Accepted 2', `Rejected 3 new reason ${RejectReason.BadPriceOrSize} precision`]);
    expect(reports[0].detail).toMatch(/0\.001234 is not a multiple of the venue's step \(it would become 0\.00123\)/);
    expect(fake.methods.filter((m) => m === 'createOrder')).toHaveLength(1);
  });

  it('a timeout after the order reached the venue is not a reject: looked up by client id, then reported', async () => {
    const fake = new FakeCcxtExchange();
    const alerts: string[] = [];
    const { entry, reports } = await open(fake, { onAlert: (m) => alerts.push(m) });
    fake.fillOnCreate(0.0002, 60000);
    fake.loseNextAnswer('createOrder', new RequestTimeout('binance POST https://api.binance.com/api/v3/order request timed out (10000 ms)'));
    entry.submit(buy(1, 6_000_000, 1000));
    await entry.whenIdle();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/t-1 \(token 1\): outcome unknown \(RequestTimeout: .*timed out/);
    // whenIdle ran the lookup the ambiguity asked for: fetchOrder by client order id.
    expect(fake.calls.find((c) => c.method === 'fetchOrder')!.args).toEqual(['', 'BTC/USDT', { clientOrderId: 't-1' }]);
    // Without per-trade detail, a fill in the first answer about an order counts as taker (it crossed on arrival).
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 200@6000000 fee 0.012000 taker']);
    expect(entry.report()).toMatchObject({ ambiguous: 1, created: 1 });
  });

  it('a timeout before the order reached the venue: "no such order" is believed only after the doubt window, then it is a reject', async () => {
    const fake = new FakeCcxtExchange();
    let now = 0;
    const { entry, reports } = await open(fake, { doubtWindowMs: 10_000, nowMs: () => now });
    fake.failNext('createOrder', new RequestTimeout('request timed out'));
    entry.submit(buy(1, 6_000_000, 1000));
    await entry.whenIdle();
    now = 9_999; // a late-processed request could still appear
    await entry.pollOnce();
    expect(reports).toEqual([]);
    expect(entry.openAtVenue).toBe(1);
    now = 10_000;
    await entry.pollOnce();
    expect(brief(reports)).toEqual([`Rejected 1 new reason ${RejectReason.Halted} not-at-venue`]);
    expect(entry.openAtVenue).toBe(0);
  });

  it('modify with editOrder (Binance: cancel-replace): the open quantity at the new price under the new token', async () => {
    const fake = new FakeCcxtExchange();
    const { entry, reports } = await open(fake);
    entry.submit(buy(1, 5_990_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.0003, 59900);
    await entry.pollOnce();
    // FIX total 1000 (fills included): 700 remain, now at 59 950.00.
    entry.modify(1, 2, 5_995_000, 1000);
    await entry.whenIdle();
    expect(fake.calls.at(-1)).toEqual({ method: 'editOrder', args: ['v1', 'BTC/USDT', 'limit', 'buy', 0.0007, 59950, { clientOrderId: 't-2' }] });
    fake.fill('v2', 0.0007, 59950);
    await entry.pollOnce();
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 300@5990000 fee 0.017970 maker', 'Modified 1→2 700@5995000', 'Filled 2 700@5995000 fee 0.041965 maker']);
    entry.modify(2, 3, 5_996_000, 1000); // nothing left to modify
    await entry.whenIdle();
    expect(brief(reports).at(-1)).toBe(`Rejected 2 modify reason ${RejectReason.UnknownOrder} unknown-order`);
  });

  it('a modify whose answer was lost: Rejected now; the old order is found cancelled, the replacement is cancelled as an orphan', async () => {
    const fake = new FakeCcxtExchange();
    const alerts: string[] = [];
    const { entry, reports } = await open(fake, { onAlert: (m) => alerts.push(m) });
    entry.submit(buy(1, 5_990_000, 1000));
    await entry.whenIdle();
    fake.loseNextAnswer('editOrder', new RequestTimeout('request timed out'));
    entry.modify(1, 2, 5_995_000, 1000);
    await entry.whenIdle(); // the worker polls right after: the old order is gone, the new one is cancelled
    expect(brief(reports)).toEqual(['Accepted 1', `Rejected 1 modify reason ${RejectReason.Halted} timeout`, 'Cancelled 1 1000']);
    expect(fake.order('v2')!.status).toBe('canceled');
    expect(fake.calls.filter((c) => c.method === 'cancelOrder').map((c) => c.args)).toEqual([['', 'BTC/USDT', { clientOrderId: 't-2' }]]);
    expect(entry.report()).toMatchObject({ orphansCancelled: 1, orphans: 0 });
    expect(alerts).toEqual([
      'modify of t-1: outcome unknown (RequestTimeout: request timed out); t-2 will be cancelled if it exists',
      "cancelled orphan order t-2: any fill it had is not in the strategy's position",
    ]);
  });

  it('modify without editOrder: cancel, then create the rest (total − filled at cancel time)', async () => {
    const fake = new FakeCcxtExchange({ has: { createOrder: true, cancelOrder: true, fetchOrder: true } });
    const { entry, reports } = await open(fake);
    entry.submit(sell(1, 6_010_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.0004, 60100); // a fill the entry has not seen yet
    entry.modify(1, 2, 6_020_000, 1000);
    await entry.whenIdle();
    expect(fake.methods.slice(-2)).toEqual(['cancelOrder', 'createOrder']);
    expect(fake.calls.at(-1)!.args).toEqual(['BTC/USDT', 'limit', 'sell', 0.0006, 60200, { clientOrderId: 't-2' }]);
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 400@6010000 fee 0.024040 maker', 'Modified 1→2 600@6020000']);
  });

  it('the outbox is bounded: beyond it requests are refused, never queued', async () => {
    const fake = new FakeCcxtExchange();
    const { entry } = await open(fake, { maxOutbox: 4 });
    const accepted = [1, 2, 3, 4, 5, 6].map((t) => entry.submit(buy(t, 6_000_000, 1000)));
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(entry.cancel(1)).toBe(false);
    await entry.whenIdle();
    expect(fake.methods.filter((m) => m === 'createOrder')).toHaveLength(4);
    expect(entry.report()).toMatchObject({ outboxRefused: 3, outboxHighWater: 4, requests: 7 });
    expect(entry.submit(buy(7, 6_000_000, 1000))).toBe(true); // room again
  });

  it('fees in the base currency are converted at the fill price; in a third currency they are estimated and counted', async () => {
    const baseFees = new FakeCcxtExchange({ feeIn: 'base' });
    const a = await open(baseFees);
    baseFees.fillOnCreate(0.001, 60000);
    a.entry.submit(buy(1, 6_000_000, 1000));
    await a.entry.whenIdle();
    expect(a.reports[1].fee).toBeCloseTo(0.001 * 0.001 * 60000, 12); // 1e-6 BTC at 60 000
    const bnb = new FakeCcxtExchange({ feeIn: 'third' });
    const b = await open(bnb, { feeBpsEstimate: { maker: 2, taker: 4 } });
    bnb.fillOnCreate(0.001, 60000);
    b.entry.submit(buy(1, 6_000_000, 1000));
    await b.entry.whenIdle();
    expect(b.reports[1].fee).toBeCloseTo(0.001 * 60000 * 4e-4, 12);
    expect(b.entry.report()).toMatchObject({ feesEstimated: 1 });
  });

  it('watch mode: order updates from watchOrders, matched by venue id', async () => {
    const fake = new FakeCcxtExchange({ has: { createOrder: true, cancelOrder: true, fetchOrder: true, watchOrders: true } });
    const { entry, reports } = await open(fake, { reports: 'watch' });
    entry.submit(buy(1, 6_000_000, 1000));
    await entry.whenIdle();
    fake.fill('v1', 0.001, 60000);
    fake.emitWatch('v1');
    await new Promise((r) => setTimeout(r, 5));
    expect(brief(reports)).toEqual(['Accepted 1', 'Filled 1 1000@6000000 fee 0.060000 maker']);
    expect(fake.methods).toContain('watchOrders');
  });

  it('close cancels what is open, closes the exchange and refuses new requests', async () => {
    const fake = new FakeCcxtExchange();
    const entry = await CcxtOrderEntry.open(CONFIG, { instrument: inst, exchange: fake, pollIntervalMs: 0, clientOrderIdPrefix: 't-' });
    const reports: VenueReport[] = [];
    entry.attach((r) => reports.push(r));
    entry.submit(buy(1, 5_990_000, 1000));
    entry.submit(sell(2, 6_010_000, 1000));
    await entry.close();
    expect(brief(reports)).toEqual(['Accepted 1', 'Accepted 2', 'Cancelled 1 1000', 'Cancelled 2 1000']);
    expect(fake.closed).toBe(true);
    expect(entry.submit(buy(3, 5_990_000, 1000))).toBe(false);
  });
});

describe('the real ccxt module (loaded here only; no network)', () => {
  it("every error name the classifier matches is one of ccxt's classes, and real ccxt errors classify as intended", async () => {
    const ccxt = await import('ccxt');
    const errors = ccxt.errors as unknown as Record<string, new (m: string) => Error>;
    expect(classifyCcxtError(new errors.InsufficientFunds('x'))).toMatchObject({ reason: RejectReason.InventoryLimit, venueReason: 'insufficient-funds', ambiguous: false });
    expect(classifyCcxtError(new errors.InvalidOrder('x'))).toMatchObject({ reason: RejectReason.BadPriceOrSize, ambiguous: false });
    expect(classifyCcxtError(new errors.OrderNotFound('x'))).toMatchObject({ reason: RejectReason.UnknownOrder, venueReason: 'order-not-found' });
    expect(classifyCcxtError(new errors.RequestTimeout('x'))).toMatchObject({ reason: RejectReason.Halted, ambiguous: true });
    expect(classifyCcxtError(new errors.PermissionDenied('x'))).toMatchObject({ venueReason: 'authentication', ambiguous: false });
    expect(classifyCcxtError(new errors.OnMaintenance('x'))).toMatchObject({ venueReason: 'maintenance' });
    expect(classifyCcxtError(new TypeError('bug'))).toMatchObject({ venueReason: 'error', ambiguous: true });
    for (const name of ['OrderNotFound', 'InsufficientFunds', 'DuplicateOrderId', 'OrderImmediatelyFillable', 'OrderNotFillable', 'InvalidOrder', 'BadSymbol', 'ArgumentsRequired', 'BadRequest', 'MarketClosed', 'AuthenticationError', 'NotSupported', 'RateLimitExceeded', 'DDoSProtection', 'OnMaintenance', 'RequestTimeout', 'ExchangeNotAvailable', 'NetworkError', 'ExchangeError']) {
      expect(typeof errors[name], name).toBe('function');
    }
  });

  it('createCcxtExchange builds the configured ccxt class with the keys; sandbox mode switches Binance to its testnet', async () => {
    const ex = await createCcxtExchange(CONFIG, 'rest');
    expect(ex.id).toBe('binance');
    expect(ex.has.createOrder).toBe(true);
    expect(ex.has.editOrder).toBe(true);
    expect((ex as unknown as { apiKey: string }).apiKey).toBe('test-key');
    ex.setSandboxMode(true);
    expect(JSON.stringify((ex as unknown as { urls: { api: unknown } }).urls.api)).toContain('testnet.binance.vision');
    await expect(createCcxtExchange({ ...CONFIG, exchange: 'nosuchexchange' }, 'rest')).rejects.toThrow(/"nosuchexchange" is not a ccxt exchange id/);
    // The real class satisfies the interface the entry is written against (checked by tsc).
    const ccxt = await import('ccxt');
    const typed: CcxtExchangeLike = new ccxt.binance({});
    expect(typeof typed.createOrder).toBe('function');
  });
});
