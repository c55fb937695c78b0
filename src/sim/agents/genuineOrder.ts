import { OrderType } from '../../exchange/OrderType.ts';
import type { AgentMarket } from '../AgentMarket.ts';
import { OrderRole } from '../OrderRole.ts';
import type { Agent } from './Agent.ts';
import { pickSize } from './orderSizes.ts';

/**
 * The genuine order of a spoofing or layering episode, on `side` (opposite the deceptive orders): with
 * probability `takeProbability` it takes the opposite quote (IOC); otherwise it rests one tick inside the
 * spread when there is room, else joins the quote. Returns the resting order's id (0 when it took, or
 * when there was no two-sided book to rest in).
 */
export function placeGenuineOrder(
  agent: Agent,
  m: AgentMarket,
  side: number,
  p: { readonly genuineSizes: readonly number[]; readonly genuineTakeProbability: number },
): number {
  const rng = agent.rng;
  const who = agent.state;
  const tick = m.tick;
  const view = m.look(who);
  const size = pickSize(rng, p.genuineSizes);
  if (rng.nextFloat() < p.genuineTakeProbability) {
    if (side > 0 && view.hasAsk) m.submit(who, OrderType.ImmediateOrCancel, 1, view.ask, size, OrderRole.Genuine);
    else if (side < 0 && view.hasBid) m.submit(who, OrderType.ImmediateOrCancel, -1, view.bid, size, OrderRole.Genuine);
    return 0;
  }
  const spreadTicks = view.hasBid && view.hasAsk ? Math.round((view.ask - view.bid) / tick) : 0;
  if (spreadTicks < 1) return 0;
  const price = side > 0 ? (spreadTicks >= 2 ? view.bid + tick : view.bid) : spreadTicks >= 2 ? view.ask - tick : view.ask;
  return m.submit(who, OrderType.Limit, side, price, size, OrderRole.Genuine);
}
