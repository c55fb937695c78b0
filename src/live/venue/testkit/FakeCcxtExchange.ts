import type { CcxtExchangeLike, CcxtOrderLike, CcxtParams, CcxtTradeLike } from '../ccxtTypes.ts';

/**
 * Tests only: a ccxt exchange stand-in that never touches the network. It keeps orders like a venue
 * would (ids v1, v2, …; cumulative filled, cost and fee), records every call, and lets a test script
 * fills, answers and thrown errors. Error classes carry ccxt's names (ccxtErrors.ts matches by name).
 */
export class BaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class ExchangeError extends BaseError {}
export class InsufficientFunds extends ExchangeError {}
export class InvalidOrder extends ExchangeError {}
export class OrderNotFound extends InvalidOrder {}
export class OperationFailed extends BaseError {}
export class NetworkError extends OperationFailed {}
export class RequestTimeout extends NetworkError {}
export class RateLimitExceeded extends NetworkError {}

export interface FakeCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

interface FakeOrder {
  id: string;
  clientOrderId: string;
  side: string;
  price: number;
  amount: number;
  filled: number;
  cost: number;
  feeCost: number;
  status: string;
  trades: CcxtTradeLike[];
}

export interface FakeExchangeOptions {
  /** Capabilities (ccxt's `has`); default createOrder, cancelOrder, fetchOrder, editOrder true. */
  readonly has?: Readonly<Record<string, boolean>>;
  /** Amount step for amountToPrecision (e.g. 1e-5); undefined: no precision method. */
  readonly amountStep?: number;
  /** Fee currency of scripted fills: the quote (USDT, default), the base (BTC) or a third one (BNB). Rate default 10 bps. */
  readonly feeIn?: 'quote' | 'base' | 'third';
  readonly feeRate?: number;
  /** Include per-trade detail (`trades`) in answers. Default false (aggregate only, like fetchOrder on Binance). */
  readonly withTrades?: boolean;
}

export class FakeCcxtExchange implements CcxtExchangeLike {
  readonly id = 'fakeexchange';
  readonly has: Readonly<Record<string, boolean>>;
  readonly calls: FakeCall[] = [];
  sandbox = false;
  marketsLoaded = false;
  closed = false;
  /** Errors to throw from the next call of a method (FIFO per method). */
  private readonly failures = new Map<string, Error[]>();
  /** Errors to throw after the next call of a method took effect (the answer was lost). */
  private readonly lostAnswers = new Map<string, Error[]>();
  /** watchOrders: updates not yet taken, and a waiting watcher. */
  private readonly watchQueue: CcxtOrderLike[] = [];
  private watcher: ((orders: CcxtOrderLike[]) => void) | null = null;
  /** Fills to apply when the next order is created (it crossed on arrival). */
  private readonly onCreateFills: { amount: number; price: number }[] = [];
  private readonly orders = new Map<string, FakeOrder>();
  private seq = 0;
  private tradeSeq = 0;
  private readonly feeIn: 'quote' | 'base' | 'third';
  private readonly feeCurrency: string;
  private readonly feeRate: number;
  private readonly withTrades: boolean;
  private readonly step: number | undefined;
  amountToPrecision?: (symbol: string, amount: number) => string;

  constructor(options: FakeExchangeOptions = {}) {
    this.has = options.has ?? { createOrder: true, cancelOrder: true, fetchOrder: true, editOrder: true };
    this.feeIn = options.feeIn ?? 'quote';
    this.feeCurrency = { quote: 'USDT', base: 'BTC', third: 'BNB' }[this.feeIn];
    this.feeRate = options.feeRate ?? 0.001;
    this.withTrades = options.withTrades ?? false;
    this.step = options.amountStep;
    if (this.step !== undefined) {
      const step = this.step;
      const decimals = Math.max(0, Math.round(-Math.log10(step)));
      this.amountToPrecision = (_symbol, amount) => {
        if (amount < step) throw new InvalidOrder(`amount must be greater than minimum amount precision of ${step}`);
        return (Math.floor(amount / step + 1e-9) * step).toFixed(decimals);
      };
    }
  }

  /** The next call of `method` throws `error`. */
  failNext(method: string, error: Error): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  /** The next call of `method` takes effect at the venue, then throws `error` (a timeout after sending). */
  loseNextAnswer(method: string, error: Error): void {
    const list = this.lostAnswers.get(method) ?? [];
    list.push(error);
    this.lostAnswers.set(method, list);
  }

  /** Pushes the current state of an order to watchOrders (ccxt.pro's order stream). */
  emitWatch(id: string): void {
    this.watchQueue.push(this.view(this.orders.get(id)!));
    const w = this.watcher;
    if (w !== null) {
      this.watcher = null;
      w(this.watchQueue.splice(0));
    }
  }

  /** The next created order fills this much on arrival (as a taker). */
  fillOnCreate(amount: number, price: number): void {
    this.onCreateFills.push({ amount, price });
  }

  /** A later fill of a resting order (seen by the next fetchOrder / cancel answer). */
  fill(id: string, amount: number, price: number): void {
    const o = this.orders.get(id);
    if (o === undefined) throw new Error(`no order ${id}`);
    this.applyFill(o, amount, price, 'maker');
  }

  /** The venue cancels an order by itself (e.g. expiry). */
  expire(id: string): void {
    const o = this.orders.get(id)!;
    o.status = 'expired';
  }

  order(id: string): FakeOrder | undefined {
    return this.orders.get(id);
  }

  setSandboxMode(enabled: boolean): void {
    this.calls.push({ method: 'setSandboxMode', args: [enabled] });
    this.sandbox = enabled;
  }

  async loadMarkets(): Promise<unknown> {
    this.calls.push({ method: 'loadMarkets', args: [] });
    this.marketsLoaded = true;
    return {};
  }

  async createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params: CcxtParams = {}): Promise<CcxtOrderLike> {
    this.record('createOrder', [symbol, type, side, amount, price, params]);
    const o: FakeOrder = { id: `v${++this.seq}`, clientOrderId: String(params.clientOrderId ?? ''), side, price: price ?? NaN, amount, filled: 0, cost: 0, feeCost: 0, status: 'open', trades: [] };
    this.orders.set(o.id, o);
    const f = this.onCreateFills.shift();
    if (f !== undefined) this.applyFill(o, f.amount, f.price, 'taker');
    if (params.timeInForce === 'IOC' && o.status === 'open') o.status = o.filled > 0 ? 'canceled' : 'expired';
    const lost = this.lostAnswers.get('createOrder')?.shift();
    if (lost !== undefined) throw lost;
    return this.view(o);
  }

  async cancelOrder(id: string, symbol?: string, params: CcxtParams = {}): Promise<CcxtOrderLike> {
    this.record('cancelOrder', [id, symbol, params]);
    const o = this.find(id, params);
    if (o.status !== 'open') throw new OrderNotFound(`Order does not exist (${id})`);
    o.status = 'canceled';
    return this.view(o);
  }

  async editOrder(id: string, symbol: string, type: string, side: string, amount?: number, price?: number, params: CcxtParams = {}): Promise<CcxtOrderLike> {
    this.record('editOrder', [id, symbol, type, side, amount, price, params]);
    const old = this.find(id, {});
    if (old.status !== 'open') throw new OrderNotFound(`Order does not exist (${id})`);
    old.status = 'canceled';
    // Binance spot: cancel-replace, a new order (new id) for `amount`.
    const o: FakeOrder = { id: `v${++this.seq}`, clientOrderId: String(params.clientOrderId ?? ''), side, price: price ?? old.price, amount: amount ?? old.amount - old.filled, filled: 0, cost: 0, feeCost: 0, status: 'open', trades: [] };
    this.orders.set(o.id, o);
    const lost = this.lostAnswers.get('editOrder')?.shift();
    if (lost !== undefined) throw lost;
    return this.view(o);
  }

  async fetchOrder(id: string, symbol?: string, params: CcxtParams = {}): Promise<CcxtOrderLike> {
    this.record('fetchOrder', [id, symbol, params]);
    return this.view(this.find(id, params));
  }

  async watchOrders(symbol?: string): Promise<readonly CcxtOrderLike[]> {
    this.calls.push({ method: 'watchOrders', args: [symbol] });
    if (this.closed) throw new NetworkError('connection closed');
    if (this.watchQueue.length > 0) return this.watchQueue.splice(0);
    return new Promise((resolve) => (this.watcher = resolve));
  }

  async close(): Promise<unknown> {
    this.calls.push({ method: 'close', args: [] });
    this.closed = true;
    this.watcher?.([]);
    this.watcher = null;
    return undefined;
  }

  /** Methods called, in order (setSandboxMode and loadMarkets included). */
  get methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    const err = this.failures.get(method)?.shift();
    if (err !== undefined) throw err;
  }

  private find(id: string, params: CcxtParams): FakeOrder {
    const byClient = params.clientOrderId;
    if (id === '' && byClient !== undefined) {
      for (const o of this.orders.values()) if (o.clientOrderId === byClient) return o;
      throw new OrderNotFound(`Order does not exist (client id ${byClient})`);
    }
    const o = this.orders.get(id);
    if (o === undefined) throw new OrderNotFound(`Order does not exist (${id})`);
    return o;
  }

  private applyFill(o: FakeOrder, amount: number, price: number, takerOrMaker: string): void {
    // Quote: notional × rate; base: quantity × rate; BNB: an arbitrary small amount (no rate known).
    const fee = this.feeIn === 'quote' ? amount * price * this.feeRate : this.feeIn === 'base' ? amount * this.feeRate : 0.0001;
    o.filled += amount;
    o.cost += amount * price;
    o.feeCost += fee;
    o.trades.push({ id: `t${++this.tradeSeq}`, price, amount, cost: amount * price, takerOrMaker, fee: { cost: fee, currency: this.feeCurrency } });
    if (o.filled >= o.amount - 1e-12) o.status = 'closed';
  }

  private view(o: FakeOrder): CcxtOrderLike {
    return {
      id: o.id,
      clientOrderId: o.clientOrderId,
      status: o.status,
      price: o.price,
      amount: o.amount,
      filled: o.filled,
      remaining: o.amount - o.filled,
      cost: o.cost,
      average: o.filled > 0 ? o.cost / o.filled : undefined,
      fee: o.filled > 0 ? { cost: o.feeCost, currency: this.feeCurrency } : undefined,
      trades: this.withTrades ? o.trades.map((t) => ({ ...t })) : [],
    };
  }
}
