/**
 * The small part of a ccxt exchange object that CcxtOrderEntry uses, typed here so that tests inject a
 * fake (no network) and production code never imports ccxt statically (it is loaded by `import('ccxt')`
 * only when real order entry is configured). Field names and meanings are ccxt's unified API (ccxt 4.5:
 * `Order`, `Trade`, `Fee` in ccxt/js/src/base/types.d.ts); every field may be missing, as in ccxt.
 */
export interface CcxtFeeLike {
  readonly cost?: number;
  readonly currency?: string;
  readonly rate?: number;
}

export interface CcxtTradeLike {
  readonly id?: string;
  readonly timestamp?: number;
  readonly price?: number;
  readonly amount?: number;
  readonly cost?: number;
  readonly takerOrMaker?: string;
  readonly fee?: CcxtFeeLike;
}

export interface CcxtOrderLike {
  readonly id?: string;
  readonly clientOrderId?: string;
  readonly timestamp?: number;
  readonly lastTradeTimestamp?: number;
  readonly lastUpdateTimestamp?: number;
  /** 'open' | 'closed' | 'canceled' | 'expired' | 'rejected' (ccxt's unified statuses). */
  readonly status?: string;
  readonly price?: number;
  readonly average?: number;
  /** The order's quantity in base currency. */
  readonly amount?: number;
  /** Cumulative filled quantity, base currency. */
  readonly filled?: number;
  readonly remaining?: number;
  /** Cumulative filled notional, quote currency. */
  readonly cost?: number;
  /** Cumulative fee of the order. */
  readonly fee?: CcxtFeeLike;
  readonly fees?: readonly CcxtFeeLike[];
  readonly trades?: readonly CcxtTradeLike[];
}

export type CcxtParams = Record<string, string | number | boolean>;

export interface CcxtExchangeLike {
  readonly id: string;
  /** ccxt's capability map (`has.editOrder`, `has.fetchOrder`, `has.watchOrders`, …). */
  readonly has: Readonly<Record<string, boolean | 'emulated' | undefined>>;
  setSandboxMode(enabled: boolean): void;
  loadMarkets(): Promise<unknown>;
  createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params?: CcxtParams): Promise<CcxtOrderLike>;
  cancelOrder(id: string, symbol?: string, params?: CcxtParams): Promise<CcxtOrderLike>;
  editOrder(id: string, symbol: string, type: string, side: string, amount?: number, price?: number, params?: CcxtParams): Promise<CcxtOrderLike>;
  fetchOrder(id: string, symbol?: string, params?: CcxtParams): Promise<CcxtOrderLike>;
  /** ccxt.pro only (websocket order updates). */
  watchOrders?(symbol?: string): Promise<readonly CcxtOrderLike[]>;
  /** The exchange's rounding of a quantity / price to its precision (throws below the minimum). */
  amountToPrecision?(symbol: string, amount: number): string | undefined;
  priceToPrecision?(symbol: string, price: number): string | undefined;
  close?(): Promise<unknown>;
}
