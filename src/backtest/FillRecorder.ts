import { ColumnBuffer } from '../datasets/ColumnBuffer.ts';
import type { EquityCurve, FillLog } from './BacktestResult.ts';
import type { Portfolio } from './Portfolio.ts';

/**
 * The run's record: one row per fill (the trade log) and the portfolio marked to mid on a fixed grid of
 * exchange time (the equity curve). Growing columns, amortised: nothing allocated per event.
 */
export class FillRecorder {
  private readonly f = {
    exchNs: new ColumnBuffer(),
    localNs: new ColumnBuffer(),
    orderId: new ColumnBuffer(),
    side: new ColumnBuffer(),
    price: new ColumnBuffer(),
    qty: new ColumnBuffer(),
    fee: new ColumnBuffer(),
    liquidity: new ColumnBuffer(),
    positionAfter: new ColumnBuffer(),
    cashAfter: new ColumnBuffer(),
    midAtFill: new ColumnBuffer(),
  };
  private readonly e = { timeNs: new ColumnBuffer(), equity: new ColumnBuffer(), position: new ColumnBuffer(), mid: new ColumnBuffer() };
  private nextSample = Infinity;
  private lastMid = NaN;

  constructor(
    readonly intervalNs: number,
    private readonly portfolio: Portfolio,
  ) {}

  start(t: number): void {
    this.nextSample = Math.ceil(t / this.intervalNs) * this.intervalNs;
  }

  /** Samples every grid point up to and including `t` with the state before the event at `t`. */
  sampleUntil(t: number, mid: number): void {
    if (mid === mid) this.lastMid = mid;
    while (t >= this.nextSample) {
      this.sample(this.nextSample, this.lastMid);
      this.nextSample += this.intervalNs;
    }
  }

  /** The last point: the state after the last event. */
  sampleFinal(mid: number): void {
    if (mid === mid) this.lastMid = mid;
    const last = this.e.timeNs.length > 0 ? this.e.timeNs.values()[this.e.timeNs.length - 1] : 0;
    const t = this.nextSample === Infinity ? last : Math.max(last, this.nextSample - this.intervalNs);
    this.sample(t, this.lastMid);
  }

  /** Records a fill at venue time `t`; returns its row (the local arrival time is set by `arrived`). */
  fill(t: number, orderId: number, side: number, price: number, qty: number, fee: number, liquidity: number, mid: number): number {
    const f = this.f;
    f.exchNs.push(t);
    f.localNs.push(NaN);
    f.orderId.push(orderId);
    f.side.push(side);
    f.price.push(price);
    f.qty.push(qty);
    f.fee.push(fee);
    f.liquidity.push(liquidity);
    f.positionAfter.push(this.portfolio.position);
    f.cashAfter.push(this.portfolio.cash);
    f.midAtFill.push(mid);
    return f.exchNs.length - 1;
  }

  /** The strategy learnt of fill `row` at local time `t`. */
  arrived(row: number, t: number): void {
    this.f.localNs.values()[row] = t;
  }

  /** Mark-to-mid equity at the end. */
  get finalEquity(): number {
    return this.portfolio.equity(this.lastMid);
  }

  private sample(t: number, mid: number): void {
    const p = this.portfolio;
    this.e.timeNs.push(t);
    this.e.equity.push(mid === mid ? p.equity(mid) : p.position === 0 ? p.cash : NaN);
    this.e.position.push(p.position);
    this.e.mid.push(mid);
  }

  fillLog(): FillLog {
    const f = this.f;
    return {
      length: f.exchNs.length,
      exchNs: f.exchNs.values().slice(),
      localNs: f.localNs.values().slice(),
      orderId: f.orderId.values().slice(),
      side: Int8Array.from(f.side.values()),
      price: f.price.values().slice(),
      qty: f.qty.values().slice(),
      fee: f.fee.values().slice(),
      liquidity: Uint8Array.from(f.liquidity.values()),
      positionAfter: f.positionAfter.values().slice(),
      cashAfter: f.cashAfter.values().slice(),
      midAtFill: f.midAtFill.values().slice(),
    };
  }

  equityCurve(): EquityCurve {
    const e = this.e;
    return { length: e.timeNs.length, timeNs: e.timeNs.values().slice(), equity: e.equity.values().slice(), position: e.position.values().slice(), mid: e.mid.values().slice() };
  }
}
