import { NS_PER_MS } from '../../core/time.ts';
import type { LinkKind } from '../../net/Link.ts';
import { VenueNetwork } from '../../net/VenueNetwork.ts';
import { formatDurationNs } from './ConstantLatency.ts';
import type { LatencyModel } from './LatencyModel.ts';

let defaultNetwork: VenueNetwork | undefined;

/**
 * A strategy at venue `from` trading on venue `to` over one link kind: market data, orders and responses
 * all cross that link, so each takes its one-way latency (the physics of the venue network), plus an
 * optional constant processing time (feed handler, gateway, risk checks) on each leg.
 *
 * The latency is fixed: real links add a little jitter (microwave fades in rain, fibre is steady), which
 * an EmpiricalLatency captures better than a made-up distribution would.
 */
export class LinkLatency implements LatencyModel {
  readonly description: string;
  /** One-way latency of the link itself, ns (rounded to the ns). */
  readonly linkNs: number;
  readonly processingNs: number;
  private readonly totalNs: number;

  constructor(
    readonly from: string,
    readonly to: string,
    readonly kind: LinkKind,
    options: { processingNs?: number; network?: VenueNetwork } = {},
  ) {
    const network = options.network ?? (defaultNetwork ??= new VenueNetwork());
    this.processingNs = options.processingNs ?? 0;
    if (!Number.isSafeInteger(this.processingNs) || this.processingNs < 0) {
      throw new RangeError(`processing time must be a non-negative integer of ns, got ${this.processingNs}`);
    }
    const ms = network.oneWayMs(from, to, kind);
    if (ms === null) {
      const why = kind === 'microwave' ? ` (${network.venue(from).landmass} and ${network.venue(to).landmass}: microwave towers cannot cross the sea; use fibre or radio)` : '';
      throw new RangeError(`no ${kind} route between ${from} and ${to}${why}`);
    }
    this.linkNs = Math.round(ms * NS_PER_MS);
    this.totalNs = this.linkNs + this.processingNs;
    this.description =
      `link ${from}→${to} ${kind} ${formatDurationNs(this.linkNs)} one-way` + (this.processingNs ? ` + ${formatDurationNs(this.processingNs)} processing` : '');
  }

  feedNs(_exchNs: number): number {
    return this.totalNs;
  }

  orderNs(_localNs: number): number {
    return this.totalNs;
  }

  responseNs(_exchNs: number): number {
    return this.totalNs;
  }
}
