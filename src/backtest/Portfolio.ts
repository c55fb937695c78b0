/**
 * Position and cash of one instrument, in shares and dollars. Cash moves by exactly −side·qty·price on a
 * fill and by −fee, so cash + position × price is unchanged by any fill at `price` apart from the fee
 * (a property test holds it to that). Realised P&L uses the average cost of the open position.
 */
export class Portfolio {
  position = 0;
  cash = 0;
  fees = 0;
  realised = 0;
  /** Average entry price of the open position, dollars (0 when flat). */
  avgPrice = 0;
  /** Traded notional, dollars. */
  turnover = 0;
  fills = 0;
  filledQty = 0;

  /** A fill of `qty` shares at `price` dollars on `side` (1 buy, -1 sell), paying `fee` dollars. */
  onFill(side: number, price: number, qty: number, fee: number): void {
    const signed = side * qty;
    const pos = this.position;
    this.cash -= signed * price + fee;
    this.fees += fee;
    this.turnover += price * qty;
    this.fills++;
    this.filledQty += qty;
    this.realised -= fee;
    if (pos === 0 || Math.sign(pos) === side) {
      // Opening or adding: the average cost moves.
      this.avgPrice = (this.avgPrice * Math.abs(pos) + price * qty) / (Math.abs(pos) + qty);
    } else {
      const closed = Math.min(qty, Math.abs(pos));
      this.realised += closed * (price - this.avgPrice) * Math.sign(pos);
      // Flipping through zero opens the rest at this price.
      if (qty > Math.abs(pos)) this.avgPrice = price;
      else if (qty === Math.abs(pos)) this.avgPrice = 0;
    }
    this.position = pos + signed;
  }

  /** Mark-to-market equity at `mark` dollars (cash already holds the fees). */
  equity(mark: number): number {
    return this.position === 0 ? this.cash : this.cash + this.position * mark;
  }

  /** Unrealised P&L of the open position at `mark` dollars. */
  unrealised(mark: number): number {
    return this.position === 0 ? 0 : this.position * (mark - this.avgPrice);
  }
}
