import { escapeHtml } from './escapeHtml.ts';

/**
 * A small hand-written SVG plotting kit for the reports: linear scales, nice ticks, paths (line, step,
 * area, markers) and axes, all returned as SVG text. Coordinates are written with one decimal and
 * checked: a NaN or an infinity never reaches an attribute (coord throws), and paths break at
 * non-finite data instead.
 */

/** The plotting area inside an SVG, in pixels. */
export interface PlotBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** Maps a data interval onto a pixel interval (r0 at d0). A degenerate or non-finite domain is widened. */
export class LinearScale {
  readonly d0: number;
  readonly d1: number;

  constructor(
    d0: number,
    d1: number,
    readonly r0: number,
    readonly r1: number,
  ) {
    if (!Number.isFinite(d0) || !Number.isFinite(d1)) {
      d0 = 0;
      d1 = 1;
    }
    if (d0 === d1) {
      const pad = d0 === 0 ? 1 : Math.abs(d0) * 0.01;
      d0 -= pad;
      d1 += pad;
    }
    this.d0 = d0;
    this.d1 = d1;
  }

  map(v: number): number {
    return this.r0 + ((v - this.d0) / (this.d1 - this.d0)) * (this.r1 - this.r0);
  }

  /** map(), clamped to the pixel interval (for values outside the domain, e.g. a bar's baseline). */
  clamped(v: number): number {
    const lo = Math.min(this.r0, this.r1);
    const hi = Math.max(this.r0, this.r1);
    return Math.min(hi, Math.max(lo, this.map(v)));
  }
}

/** Smallest and largest finite value (of `values[indices[k]]` when indices are given); [NaN, NaN] if none. */
export function extent(values: ArrayLike<number>, indices?: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const n = indices ? indices.length : values.length;
  for (let k = 0; k < n; k++) {
    const v = values[indices ? indices[k] : k];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** A step of 1, 2 or 5 × 10^k giving about `count` intervals over [min, max] (d3's rule). */
export function niceStep(min: number, max: number, count = 5): number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  // The nearest of 1, 2, 5, 10 on a log scale (thresholds √2, √10, √50), so the count comes out close.
  return (f >= Math.SQRT2 * Math.sqrt(25) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.SQRT2 ? 2 : 1) * mag;
}

/** Round tick values (multiples of a nice step) within [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (min === max) return [min];
  const step = niceStep(min, max, count);
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let k = first; k <= last; k++) out.push(cleanFloat(k * step));
  return out;
}

/** [min, max] widened by `fraction` of its span on each side (a flat series gets ±1 % or ±1), for data that should fill the plot. */
export function paddedDomain(min: number, max: number, fraction = 0.04): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.01;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/** [min, max] widened to multiples of its nice step (an axis that ends on ticks), with a margin if flat. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.01;
    return niceDomain(min - pad, max + pad, count);
  }
  const step = niceStep(min, max, count);
  return [cleanFloat(Math.floor(min / step + 1e-9) * step), cleanFloat(Math.ceil(max / step - 1e-9) * step)];
}

function cleanFloat(v: number): number {
  const r = Number(v.toPrecision(12));
  return r === 0 ? 0 : r;
}

/** Tick label with as many decimals as the step needs, thousands grouped ("−1,250", "0.05"). */
export function formatTick(value: number, step: number): string {
  const decimals = step > 0 && Number.isFinite(step) ? Math.min(8, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 2;
  const s = value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (!s.startsWith('-')) return s;
  return /[1-9]/.test(s) ? `−${s.slice(1)}` : s.slice(1);
}

/** Ticks from niceTicks, labelled by `format` (given the value and the tick step; formatTick by default). */
export function numberTicks(min: number, max: number, count = 5, format: (v: number, step: number) => string = formatTick): Tick[] {
  const values = niceTicks(min, max, count);
  const step = values.length > 1 ? values[1] - values[0] : niceStep(min, max, count);
  return values.map((value) => ({ value, label: format(value, step) }));
}

/** A dollar tick label with the decimals the step needs: "$1,250", "−$0.50". */
export function formatUsdTick(value: number, step: number): string {
  const t = formatTick(Math.abs(value), step);
  return value < 0 && /[1-9]/.test(t) ? `−$${t}` : `$${t}`;
}

/** A pixel coordinate as attribute text (one decimal). Throws on NaN or infinity: a chart bug, never data. */
export function coord(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`SVG coordinate is not finite: ${v}`);
  const r = Math.round(v * 10) / 10;
  return r === 0 ? '0' : String(r);
}

/**
 * Path data of a polyline through (xs[i], ys[i]) for i in `indices` (all points when omitted), starting a
 * new segment after any point whose x or y is not finite.
 */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: LinearScale, sy: LinearScale, indices?: ArrayLike<number>): string {
  return segments(xs, ys, indices)
    .map((seg) => seg.map((i, k) => `${k === 0 ? 'M' : 'L'}${coord(sx.map(xs[i]))} ${coord(sy.clamped(ys[i]))}`).join(''))
    .join('');
}

/** Path data of a step line: each value holds until the next point's time. */
export function stepPath(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: LinearScale, sy: LinearScale, indices?: ArrayLike<number>): string {
  return segments(xs, ys, indices)
    .map((seg) =>
      seg
        .map((i, k) => {
          const x = coord(sx.map(xs[i]));
          const y = coord(sy.clamped(ys[i]));
          return k === 0 ? `M${x} ${y}` : `H${x}V${y}`;
        })
        .join(''),
    )
    .join('');
}

/** Path data of the area between a line and a horizontal baseline (closed per finite segment). */
export function areaPath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: LinearScale,
  sy: LinearScale,
  baseline: number,
  indices?: ArrayLike<number>,
): string {
  const base = coord(sy.clamped(baseline));
  return segments(xs, ys, indices)
    .map((seg) => {
      const first = coord(sx.map(xs[seg[0]]));
      const last = coord(sx.map(xs[seg[seg.length - 1]]));
      const line = seg.map((i) => `L${coord(sx.map(xs[i]))} ${coord(sy.clamped(ys[i]))}`).join('');
      return `M${first} ${base}${line}L${last} ${base}Z`;
    })
    .join('');
}

function segments(xs: ArrayLike<number>, ys: ArrayLike<number>, indices?: ArrayLike<number>): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  const n = indices ? indices.length : xs.length;
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k] : k;
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) {
      current.push(i);
    } else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

export type MarkerShape = 'up' | 'down' | 'circle' | 'square';

/** Path data of one marker of half-size `r` centred on (x, y), in pixels; many markers concatenate into one path. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'up':
      return `M${coord(x)} ${coord(y - r)}l${coord(r)} ${coord(1.7 * r)}h${coord(-2 * r)}z`;
    case 'down':
      return `M${coord(x)} ${coord(y + r)}l${coord(r)} ${coord(-1.7 * r)}h${coord(-2 * r)}z`;
    case 'circle':
      return `M${coord(x - r)} ${coord(y)}a${coord(r)} ${coord(r)} 0 1 0 ${coord(2 * r)} 0a${coord(r)} ${coord(r)} 0 1 0 ${coord(-2 * r)} 0z`;
    case 'square':
      return `M${coord(x - r)} ${coord(y - r)}h${coord(2 * r)}v${coord(2 * r)}h${coord(-2 * r)}z`;
  }
}

export interface AxisOptions {
  /** Draw grid lines across the box at each tick. */
  readonly grid?: boolean;
  /** Write the tick labels (a panel sharing the time axis of the one below leaves them out). */
  readonly labels?: boolean;
  /** Axis title (escaped). */
  readonly title?: string;
  /** Distance of the title from the axis line, px (left axis: 80; bottom axis: 32). */
  readonly titleOffset?: number;
}

/** Bottom axis of a box: baseline, tick marks, labels and optional grid and title. */
export function axisBottom(scale: LinearScale, ticks: readonly Tick[], box: PlotBox, options: AxisOptions = {}): string {
  const y0 = box.y + box.height;
  const parts: string[] = [`<line class="axis" x1="${coord(box.x)}" y1="${coord(y0)}" x2="${coord(box.x + box.width)}" y2="${coord(y0)}"/>`];
  for (const t of ticks) {
    const x = scale.map(t.value);
    if (x < box.x - 0.5 || x > box.x + box.width + 0.5) continue;
    if (options.grid) parts.push(`<line class="grid" x1="${coord(x)}" y1="${coord(box.y)}" x2="${coord(x)}" y2="${coord(y0)}"/>`);
    parts.push(`<line class="axis" x1="${coord(x)}" y1="${coord(y0)}" x2="${coord(x)}" y2="${coord(y0 + 4)}"/>`);
    if (options.labels !== false) parts.push(`<text class="tick" x="${coord(x)}" y="${coord(y0 + 16)}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  if (options.title) {
    parts.push(`<text class="axis-title" x="${coord(box.x + box.width / 2)}" y="${coord(y0 + (options.titleOffset ?? 32))}" text-anchor="middle">${escapeHtml(options.title)}</text>`);
  }
  return `<g>${parts.join('')}</g>`;
}

/** Left axis of a box: baseline, tick marks, labels and optional grid and (rotated) title. */
export function axisLeft(scale: LinearScale, ticks: readonly Tick[], box: PlotBox, options: AxisOptions = {}): string {
  const x0 = box.x;
  const parts: string[] = [`<line class="axis" x1="${coord(x0)}" y1="${coord(box.y)}" x2="${coord(x0)}" y2="${coord(box.y + box.height)}"/>`];
  for (const t of ticks) {
    const y = scale.map(t.value);
    if (y < box.y - 0.5 || y > box.y + box.height + 0.5) continue;
    if (options.grid) parts.push(`<line class="grid" x1="${coord(x0)}" y1="${coord(y)}" x2="${coord(x0 + box.width)}" y2="${coord(y)}"/>`);
    parts.push(`<line class="axis" x1="${coord(x0 - 4)}" y1="${coord(y)}" x2="${coord(x0)}" y2="${coord(y)}"/>`);
    if (options.labels !== false) parts.push(`<text class="tick" x="${coord(x0 - 7)}" y="${coord(y + 4)}" text-anchor="end">${escapeHtml(t.label)}</text>`);
  }
  if (options.title) {
    const cx = coord(x0 - (options.titleOffset ?? 80));
    const cy = coord(box.y + box.height / 2);
    parts.push(`<text class="axis-title" x="${cx}" y="${cy}" text-anchor="middle" transform="rotate(-90 ${cx} ${cy})">${escapeHtml(options.title)}</text>`);
  }
  return `<g>${parts.join('')}</g>`;
}

/** An <svg> element sized to the page width, with an accessible title. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${coord(width)} ${coord(height)}" width="${coord(width)}" height="${coord(height)}" role="img">` +
    `<title>${escapeHtml(title)}</title>${body}</svg>`
  );
}

/** A legend entry: a swatch (line, or a marker path in pixels around 0,0) and its label, placed at (x, y). */
export function legendItem(x: number, y: number, swatch: string, label: string): string {
  return `<g transform="translate(${coord(x)} ${coord(y)})">${swatch}<text class="legend" x="14" y="4">${escapeHtml(label)}</text></g>`;
}
