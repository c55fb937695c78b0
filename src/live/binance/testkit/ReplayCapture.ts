import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BinanceDecoder } from '../../../data/binance/BinanceDecoder.ts';
import { peekBinanceCapture } from '../../../data/binance/BinanceCaptureReader.ts';
import { binanceInstrument, decimalsOfScale, type BinanceInstrument, type BinanceMarket } from '../../../data/binance/BinanceInstrument.ts';
import { BinanceMessageKind } from '../../../data/binance/BinanceMessage.ts';

/**
 * A Binance capture (lines `<local receive ns> <combined-stream JSON>`, once a REST snapshot
 * `{"lastUpdateId",…}` instead; see ../shared/data/README.md) held in memory for replay: one buffer of
 * the decompressed files and, per line, where its JSON is, when it was received and what it is. The
 * frames the replay server sends are byte ranges of that buffer, exactly as recorded.
 */
export const LineKind = { Other: 0, Depth: 1, Trade: 2, BookTicker: 3, Snapshot: 4 } as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

export class ReplayCapture {
  private constructor(
    readonly files: readonly string[],
    readonly data: Buffer,
    readonly instrument: BinanceInstrument,
    /** Per line: JSON start and end offsets in `data`. */
    readonly jsonStart: Uint32Array,
    readonly jsonEnd: Uint32Array,
    /** Per line: receive time, ns after the first line's. */
    readonly recvNs: Float64Array,
    readonly kind: Uint8Array,
    /** Per line: `u` of a diff or bookTicker, `lastUpdateId` of the snapshot, the trade id of a trade. */
    readonly updateId: Float64Array,
    /** Index of the first REST snapshot line (-1 if none). */
    readonly snapshotLine: number,
  ) {}

  get market(): BinanceMarket {
    return this.instrument.market;
  }

  get lines(): number {
    return this.kind.length;
  }

  /** The recorded JSON of line i (a view, no copy). */
  json(i: number): Buffer {
    return this.data.subarray(this.jsonStart[i], this.jsonEnd[i]);
  }

  /** Line indexes of a kind, in order, from `from` on. */
  linesOf(kind: LineKind, from = 0): number[] {
    const out: number[] = [];
    for (let i = from; i < this.lines; i++) if (this.kind[i] === kind) out.push(i);
    return out;
  }

  /** Loads capture files in order (gzipped or plain), the first `maxLines` lines at most. */
  static async load(files: readonly string[], options: { maxLines?: number } = {}): Promise<ReplayCapture> {
    const peek = await peekBinanceCapture(files);
    if (peek.symbol === undefined || peek.market === undefined) throw new Error(`${files[0]}: cannot tell the symbol and market of the capture`);
    const instrument = binanceInstrument(peek.symbol, peek.market);
    const parts = files.map((f) => {
      const raw = readFileSync(f);
      return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    });
    const data = Buffer.concat(parts.flatMap((p) => (p.length > 0 && p[p.length - 1] !== 10 ? [p, Buffer.from('\n')] : [p])));
    const maxLines = options.maxLines ?? Infinity;
    let n = 0;
    for (let i = 0; i < data.length && n < maxLines; i++) if (data[i] === 10) n++;
    const jsonStart = new Uint32Array(n);
    const jsonEnd = new Uint32Array(n);
    const recvNs = new Float64Array(n);
    const kind = new Uint8Array(n);
    const updateId = new Float64Array(n);
    const decoder = new BinanceDecoder({ priceDecimals: decimalsOfScale(instrument.priceScale, 'priceScale'), sizeDecimals: decimalsOfScale(instrument.sizeScale, 'sizeScale') });
    let snapshotLine = -1;
    let firstSec = NaN;
    let firstNs = 0;
    let pos = 0;
    for (let line = 0; line < n; line++) {
      const end = data.indexOf(10, pos);
      const sp = data.indexOf(32, pos);
      if (sp < 0 || sp > end) throw new Error(`${files[0]}…: line ${line + 1}: expected "<ns> <json>"`);
      // Receive time split into seconds and 9 ns digits so that the offset stays exact.
      const digits = data.toString('latin1', pos, sp);
      const sec = Number(digits.slice(0, -9));
      const ns = Number(digits.slice(-9));
      if (firstSec !== firstSec) {
        firstSec = sec;
        firstNs = ns;
      }
      recvNs[line] = (sec - firstSec) * 1e9 + (ns - firstNs);
      jsonStart[line] = sp + 1;
      jsonEnd[line] = end;
      try {
        const m = decoder.decode(data, sp + 1, end);
        kind[line] = m.kind === BinanceMessageKind.DepthUpdate ? LineKind.Depth
          : m.kind === BinanceMessageKind.Trade ? LineKind.Trade
            : m.kind === BinanceMessageKind.BookTicker ? LineKind.BookTicker
              : m.kind === BinanceMessageKind.DepthSnapshot ? LineKind.Snapshot
                : LineKind.Other;
        updateId[line] = m.kind === BinanceMessageKind.Trade ? m.tradeId : m.lastUpdateId;
      } catch {
        kind[line] = LineKind.Other;
        updateId[line] = NaN;
      }
      if (kind[line] === LineKind.Snapshot && snapshotLine < 0) snapshotLine = line;
      pos = end + 1;
    }
    return new ReplayCapture(files, data, instrument, jsonStart, jsonEnd, recvNs, kind, updateId, snapshotLine);
  }
}
