import type { ExecutionListener } from './ExecutionListener.ts';

/**
 * An ExecutionListener that records every fill in growable typed-array columns (amortized: arrays double,
 * never one allocation per fill). Also counts resting orders cancelled by self-trade prevention.
 */
export class FillLog implements ExecutionListener {
  length = 0;
  tsNs: Float64Array;
  aggressorId: Float64Array;
  aggressorOwner: Float64Array;
  aggressorSide: Int8Array;
  restingId: Float64Array;
  restingOwner: Float64Array;
  price: Float64Array;
  size: Float64Array;
  restingCancels = 0;
  restingCancelledSize = 0;

  constructor(capacity = 1024) {
    this.tsNs = new Float64Array(capacity);
    this.aggressorId = new Float64Array(capacity);
    this.aggressorOwner = new Float64Array(capacity);
    this.aggressorSide = new Int8Array(capacity);
    this.restingId = new Float64Array(capacity);
    this.restingOwner = new Float64Array(capacity);
    this.price = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
  }

  onFill(
    tsNs: number,
    aggressorId: number,
    aggressorOwner: number,
    aggressorSide: number,
    restingId: number,
    restingOwner: number,
    price: number,
    size: number,
  ): void {
    if (this.length === this.size.length) this.grow();
    const i = this.length++;
    this.tsNs[i] = tsNs;
    this.aggressorId[i] = aggressorId;
    this.aggressorOwner[i] = aggressorOwner;
    this.aggressorSide[i] = aggressorSide;
    this.restingId[i] = restingId;
    this.restingOwner[i] = restingOwner;
    this.price[i] = price;
    this.size[i] = size;
  }

  onRestingCancelled(_tsNs: number, _orderId: number, _owner: number, _side: number, _price: number, size: number): void {
    this.restingCancels++;
    this.restingCancelledSize += size;
  }

  /** Total traded size. */
  volume(): number {
    let v = 0;
    for (let i = 0; i < this.length; i++) v += this.size[i];
    return v;
  }

  clear(): void {
    this.length = 0;
    this.restingCancels = 0;
    this.restingCancelledSize = 0;
  }

  private grow(): void {
    const n = Math.max(16, this.size.length * 2);
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.tsNs = f64(this.tsNs);
    this.aggressorId = f64(this.aggressorId);
    this.aggressorOwner = f64(this.aggressorOwner);
    const side = new Int8Array(n);
    side.set(this.aggressorSide);
    this.aggressorSide = side;
    this.restingId = f64(this.restingId);
    this.restingOwner = f64(this.restingOwner);
    this.price = f64(this.price);
    this.size = f64(this.size);
  }
}
