/**
 * A venue's order tokens and the strategy's order ids, across cancel-replace: an order's id is the token of
 * its first request, and each replace gives it a new token at the venue, mapped back here so the strategy's
 * id stays the same (as in the backtester). Two typed arrays indexed by token / id, grown by doubling:
 * nothing allocated per order once they have grown to the session's size. The live engine's and the venue
 * session's contexts keep one each.
 */
export class OrderTokens {
  /** Token → strategy order id (replacement tokens map to the order they replace). */
  private owner = new Float64Array(1024);
  /** Strategy order id → its current token at the venue. */
  private current = new Float64Array(1024);

  /** A new order: `token` is its id and its token. */
  open(token: number): void {
    this.ensure(token);
    this.owner[token] = token;
    this.current[token] = token;
  }

  /** Makes `token` name order `orderId` (a replacement token not yet confirmed). */
  alias(token: number, orderId: number): void {
    this.ensure(token);
    this.owner[token] = orderId;
  }

  /** A replace went through: the order carries `newToken` from now on. */
  replaced(orderId: number, newToken: number): void {
    this.ensure(newToken);
    this.owner[newToken] = orderId;
    this.current[orderId] = newToken;
  }

  /** The strategy's order id of a venue token (0 when unknown). */
  orderOf(token: number): number {
    return token > 0 && token < this.owner.length ? this.owner[token] : 0;
  }

  /** The venue token an order carries now (0 when unknown). */
  tokenOf(orderId: number): number {
    return orderId > 0 && orderId < this.current.length ? this.current[orderId] : 0;
  }

  private ensure(id: number): void {
    if (id < this.owner.length) return;
    let n = this.owner.length;
    while (n <= id) n *= 2;
    const owner = new Float64Array(n);
    owner.set(this.owner);
    const current = new Float64Array(n);
    current.set(this.current);
    this.owner = owner;
    this.current = current;
  }
}
