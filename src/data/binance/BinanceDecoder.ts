import { BinanceMessage, BinanceMessageKind, BinanceTradeType } from './BinanceMessage.ts';

/**
 * A single-pass decoder for Binance market-data JSON (combined-stream depthUpdate / trade / bookTicker,
 * and the REST depth snapshot) that never calls JSON.parse: it walks the bytes once and writes straight
 * into one reused BinanceMessage, with decimal strings parsed digit by digit into integer units.
 * No allocation and no closures per message; keys may come in any order, unknown keys (and nested
 * values under them) are skipped while still validated as JSON; malformed input throws BinanceDecodeError.
 */
export type BinanceDecodeErrorKind = 'malformed-message' | 'unparseable-number' | 'negative-size' | 'unknown-type';

export class BinanceDecodeError extends Error {
  constructor(
    readonly kind: BinanceDecodeErrorKind,
    /** The JSON field at fault ("b", "u", …), or "json" for syntax errors. */
    readonly field: string,
    /** Byte offset within the decoded line. */
    readonly position: number,
    readonly detail: string,
  ) {
    super(`field "${field}" at byte ${position}: ${detail}`);
    this.name = 'BinanceDecodeError';
  }
}

// Character codes.
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const ZERO = 48;

// Field bits: which fields a message carried (required-field checks, duplicate detection).
const F_E_LOWER = 1 << 0; // e
const F_E = 1 << 1; // E
const F_T = 1 << 2; // T
const F_S = 1 << 3; // s
const F_U_UPPER = 1 << 4; // U
const F_U = 1 << 5; // u (or lastUpdateId)
const F_PU = 1 << 6; // pu
const F_BIDS = 1 << 7; // b as levels, or bids
const F_ASKS = 1 << 8; // a as levels, or asks
const F_BID_PX = 1 << 9; // b as string
const F_BID_SZ = 1 << 10; // B
const F_ASK_PX = 1 << 11; // a as string
const F_ASK_SZ = 1 << 12; // A
const F_TID = 1 << 13; // t
const F_P = 1 << 14; // p
const F_Q = 1 << 15; // q
const F_M_LOWER = 1 << 16; // m
const F_M = 1 << 17; // M
const F_X = 1 << 18; // X
const F_STREAM = 1 << 19;
const F_DATA = 1 << 20;
const F_LAST_UPDATE_ID = 1 << 21;

const REQUIRED_DEPTH = F_E | F_S | F_U_UPPER | F_U | F_BIDS | F_ASKS;
const REQUIRED_TRADE = F_E | F_S | F_TID | F_P | F_Q | F_T | F_M_LOWER;
const REQUIRED_TICKER = F_U | F_S | F_BID_PX | F_BID_SZ | F_ASK_PX | F_ASK_SZ;
const REQUIRED_SNAPSHOT = F_LAST_UPDATE_ID | F_BIDS | F_ASKS;

const FIELD_NAMES: readonly [number, string][] = [
  [F_E_LOWER, 'e'], [F_E, 'E'], [F_T, 'T'], [F_S, 's'], [F_U_UPPER, 'U'], [F_U, 'u'], [F_PU, 'pu'],
  [F_BIDS, 'b'], [F_ASKS, 'a'], [F_BID_PX, 'b'], [F_BID_SZ, 'B'], [F_ASK_PX, 'a'], [F_ASK_SZ, 'A'],
  [F_TID, 't'], [F_P, 'p'], [F_Q, 'q'], [F_M_LOWER, 'm'], [F_M, 'M'], [F_X, 'X'], [F_STREAM, 'stream'],
  [F_DATA, 'data'], [F_LAST_UPDATE_ID, 'lastUpdateId'],
];

// Key ids returned by keyId(): single-character keys are their char code; longer known keys are >= 256.
const K_UNKNOWN = 0;
const K_PU = 256;
const K_DATA = 257;
const K_BIDS = 258;
const K_ASKS = 259;
const K_STREAM = 260;
const K_LAST_UPDATE_ID = 261;

const POW10: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** i);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const LAST_UPDATE_ID = ascii('lastUpdateId');
const DEPTH_UPDATE = ascii('depthUpdate');
const TRADE = ascii('trade');
const BOOK_TICKER = ascii('bookTicker');
const MARKET = ascii('MARKET');
// A Buffer, like every real input, so element access on `src` stays monomorphic.
const EMPTY = Buffer.alloc(0);
const MAX_NESTING = 64;

export interface BinanceDecoderScales {
  /** Price strings become integers in units of 10^-priceDecimals (more non-zero decimals are an error). */
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

export class BinanceDecoder {
  /** The reused output: valid until the next decode call. */
  readonly message = new BinanceMessage();
  private src: Uint8Array = EMPTY;
  private pos = 0;
  private end = 0;
  private seen = 0;
  private readonly priceDecimals: number;
  private readonly sizeDecimals: number;
  private scratch = Buffer.allocUnsafe(4096);

  constructor(scales: BinanceDecoderScales) {
    for (const d of [scales.priceDecimals, scales.sizeDecimals]) {
      if (!Number.isInteger(d) || d < 0 || d > 15) throw new RangeError(`decimals must be an integer in 0..15, got ${d}`);
    }
    this.priceDecimals = scales.priceDecimals;
    this.sizeDecimals = scales.sizeDecimals;
  }

  /** Decodes the JSON in bytes[start, end) (one line, without its timestamp prefix). */
  decode(bytes: Uint8Array, start = 0, end = bytes.length): BinanceMessage {
    this.src = bytes;
    this.pos = start;
    this.end = end;
    this.seen = 0;
    const m = this.message;
    m.reset();
    this.skipWs();
    this.parseObject(true);
    this.skipWs();
    if (this.pos !== this.end) this.fail('json', 'unexpected content after the JSON object');
    this.finish(m);
    return m;
  }

  /**
   * Decodes a JSON string: copies it into a scratch buffer as UTF-8 (a memcpy for the ASCII Binance sends)
   * and decodes the bytes, so there is one scanner to keep right. The copy costs ~3-7% over decoding
   * the bytes directly (bench/binance-decode.bench.ts reports both); a charCodeAt scanner was not built.
   */
  decodeString(text: string): BinanceMessage {
    if (text.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(text.length * 3);
    const n = this.scratch.write(text, 0, 'utf8');
    return this.decode(this.scratch, 0, n);
  }

  /** The message's symbol (`s`) as a string: allocates, so not for the hot path (see symbolEquals). */
  symbol(): string {
    const m = this.message;
    return Buffer.from(this.src.buffer, this.src.byteOffset + m.symbolStart, m.symbolEnd - m.symbolStart).toString('utf8');
  }

  /** Whether the symbol equals `ascii` bytes, without allocating. */
  symbolEquals(expected: Uint8Array): boolean {
    const m = this.message;
    const n = m.symbolEnd - m.symbolStart;
    if (n !== expected.length) return false;
    const src = this.src;
    for (let i = 0; i < n; i++) if (src[m.symbolStart + i] !== expected[i]) return false;
    return true;
  }

  // ---- structure ---------------------------------------------------------------------------------

  /** Parses a known-schema object: the top level (`stream`/`data`, or a snapshot) or `data`. */
  private parseObject(top: boolean): void {
    this.expect(LBRACE, 'json');
    this.skipWs();
    if (this.peek() === RBRACE) {
      this.pos++;
      return;
    }
    while (true) {
      this.expect(QUOTE, 'json');
      const key = this.keyId();
      this.skipWs();
      this.expect(COLON, 'json');
      this.skipWs();
      this.parseField(key, top);
      this.skipWs();
      const c = this.next();
      if (c === COMMA) {
        this.skipWs();
        continue;
      }
      if (c === RBRACE) return;
      this.failAt(this.pos - 1, 'json', `expected "," or "}" but found ${this.describe(c)}`);
    }
  }

  /** Reads a key (opening quote consumed) through its closing quote; returns its id. */
  private keyId(): number {
    const src = this.src;
    const start = this.pos;
    let i = start;
    const end = this.end;
    while (i < end) {
      const c = src[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 32) {
        // Escaped keys are never Binance's: skip the string properly and treat the key as unknown.
        this.pos = start;
        this.skipStringBody();
        return K_UNKNOWN;
      }
      i++;
    }
    if (i >= end) this.failAt(end, 'json', 'unterminated key');
    this.pos = i + 1;
    const len = i - start;
    if (len === 1) return src[start];
    if (len === 2) return src[start] === 112 /* p */ && src[start + 1] === 117 /* u */ ? K_PU : K_UNKNOWN;
    if (len === 4) {
      const c0 = src[start];
      if (c0 === 100 && src[start + 1] === 97 && src[start + 2] === 116 && src[start + 3] === 97) return K_DATA;
      if (c0 === 98 && src[start + 1] === 105 && src[start + 2] === 100 && src[start + 3] === 115) return K_BIDS;
      if (c0 === 97 && src[start + 1] === 115 && src[start + 2] === 107 && src[start + 3] === 115) return K_ASKS;
      return K_UNKNOWN;
    }
    if (len === 6) {
      return src[start] === 115 && src[start + 1] === 116 && src[start + 2] === 114 && src[start + 3] === 101 &&
        src[start + 4] === 97 && src[start + 5] === 109
        ? K_STREAM
        : K_UNKNOWN;
    }
    if (len === 12 && this.bytesEqual(start, LAST_UPDATE_ID)) return K_LAST_UPDATE_ID;
    return K_UNKNOWN;
  }

  private parseField(key: number, top: boolean): void {
    const m = this.message;
    const src = this.src;
    switch (key) {
      case 69 /* E */:
        this.mark(F_E, 'E');
        m.eventTime = this.parseUint('E');
        return;
      case 84 /* T */:
        this.mark(F_T, 'T');
        m.transactionTime = this.parseUint('T');
        return;
      case 85 /* U */:
        this.mark(F_U_UPPER, 'U');
        m.firstUpdateId = this.parseUint('U');
        return;
      case 117 /* u */:
        this.mark(F_U, 'u');
        m.lastUpdateId = this.parseUint('u');
        return;
      case K_PU:
        this.mark(F_PU, 'pu');
        m.prevUpdateId = this.parseUint('pu');
        return;
      case 98 /* b */:
        if (src[this.pos] === LBRACKET) {
          this.mark(F_BIDS, 'b');
          this.parseLevels(true, 'b');
        } else {
          this.mark(F_BID_PX, 'b');
          m.bestBidPrice = this.parseQuotedDecimal(this.priceDecimals, 'b', false);
        }
        return;
      case 97 /* a */:
        if (src[this.pos] === LBRACKET) {
          this.mark(F_ASKS, 'a');
          this.parseLevels(false, 'a');
        } else {
          this.mark(F_ASK_PX, 'a');
          m.bestAskPrice = this.parseQuotedDecimal(this.priceDecimals, 'a', false);
        }
        return;
      case 66 /* B */:
        this.mark(F_BID_SZ, 'B');
        m.bestBidSize = this.parseQuotedDecimal(this.sizeDecimals, 'B', true);
        return;
      case 65 /* A */:
        this.mark(F_ASK_SZ, 'A');
        m.bestAskSize = this.parseQuotedDecimal(this.sizeDecimals, 'A', true);
        return;
      case 112 /* p */:
        this.mark(F_P, 'p');
        m.tradePrice = this.parseQuotedDecimal(this.priceDecimals, 'p', false);
        return;
      case 113 /* q */:
        this.mark(F_Q, 'q');
        m.tradeSize = this.parseQuotedDecimal(this.sizeDecimals, 'q', true);
        return;
      case 116 /* t */:
        this.mark(F_TID, 't');
        m.tradeId = this.parseUint('t');
        return;
      case 109 /* m */:
        this.mark(F_M_LOWER, 'm');
        m.buyerIsMaker = this.parseBool('m');
        return;
      case 77 /* M */:
        this.mark(F_M, 'M');
        m.bestMatch = this.parseBool('M');
        return;
      case 115 /* s */: {
        this.mark(F_S, 's');
        const start = this.stringRange('s');
        m.symbolStart = start;
        m.symbolEnd = this.pos - 1;
        return;
      }
      case 101 /* e */: {
        this.mark(F_E_LOWER, 'e');
        const start = this.stringRange('e');
        m.kind = this.eventKind(start, this.pos - 1);
        return;
      }
      case 88 /* X */: {
        this.mark(F_X, 'X');
        const start = this.stringRange('X');
        m.tradeType = this.pos - 1 - start === MARKET.length && this.bytesEqual(start, MARKET) ? BinanceTradeType.Market : BinanceTradeType.Other;
        return;
      }
      case K_DATA:
        if (!top) break;
        this.mark(F_DATA, 'data');
        this.parseObject(false);
        return;
      case K_STREAM:
        if (!top) break;
        this.mark(F_STREAM, 'stream');
        this.stringRange('stream');
        return;
      case K_BIDS:
        if (!top) break;
        this.mark(F_BIDS, 'bids');
        this.parseLevels(true, 'bids');
        return;
      case K_ASKS:
        if (!top) break;
        this.mark(F_ASKS, 'asks');
        this.parseLevels(false, 'asks');
        return;
      case K_LAST_UPDATE_ID:
        if (!top) break;
        this.mark(F_LAST_UPDATE_ID | F_U, 'lastUpdateId');
        m.lastUpdateId = this.parseUint('lastUpdateId');
        return;
    }
    this.skipValue(0);
  }

  /** Sets a field bit; a repeated field is an error (JSON.parse would silently keep the last one). */
  private mark(bit: number, field: string): void {
    if ((this.seen & bit) !== 0) this.fail(field, 'duplicate field');
    this.seen |= bit;
  }

  private eventKind(start: number, end: number): BinanceMessageKind {
    const len = end - start;
    if (len === DEPTH_UPDATE.length && this.bytesEqual(start, DEPTH_UPDATE)) return BinanceMessageKind.DepthUpdate;
    if (len === TRADE.length && this.bytesEqual(start, TRADE)) return BinanceMessageKind.Trade;
    if (len === BOOK_TICKER.length && this.bytesEqual(start, BOOK_TICKER)) return BinanceMessageKind.BookTicker;
    this.failKind('unknown-type', 'e', start, `unsupported event type "${this.text(start, end)}"`);
  }

  /** Infers the kind where `e` is absent (spot bookTicker, REST snapshot) and checks required fields. */
  private finish(m: BinanceMessage): void {
    const seen = this.seen;
    if (m.kind === BinanceMessageKind.None) {
      if ((seen & F_LAST_UPDATE_ID) !== 0) m.kind = BinanceMessageKind.DepthSnapshot;
      else if ((seen & (F_BID_PX | F_BID_SZ | F_ASK_PX | F_ASK_SZ)) !== 0) m.kind = BinanceMessageKind.BookTicker;
      else if ((seen & F_U_UPPER) !== 0) m.kind = BinanceMessageKind.DepthUpdate;
      else if ((seen & F_TID) !== 0) m.kind = BinanceMessageKind.Trade;
      else if ((seen & F_STREAM) !== 0 && (seen & F_DATA) === 0) this.fail('data', 'missing field');
      else this.failKind('unknown-type', 'e', 0, 'not a depthUpdate, trade, bookTicker or depth snapshot');
    }
    const required =
      m.kind === BinanceMessageKind.DepthUpdate ? REQUIRED_DEPTH
        : m.kind === BinanceMessageKind.Trade ? REQUIRED_TRADE
          : m.kind === BinanceMessageKind.BookTicker ? REQUIRED_TICKER
            : REQUIRED_SNAPSHOT;
    const missing = required & ~seen;
    if (missing !== 0) {
      const name = FIELD_NAMES.find(([bit]) => (bit & missing) !== 0)?.[1] ?? '?';
      this.failKind('malformed-message', name, this.end, 'missing field');
    }
  }

  // ---- values ------------------------------------------------------------------------------------

  /**
   * `[["price","size"],...]` into the bid or ask arrays. Levels in Binance's compact form take a fast path
   * with the position in a local; anything else (whitespace) falls back to the general token-by-token path.
   */
  private parseLevels(bids: boolean, field: string): void {
    const m = this.message;
    const src = this.src;
    const end = this.end;
    const pd = this.priceDecimals;
    const sd = this.sizeDecimals;
    this.expect(LBRACKET, field);
    this.skipWs();
    let n = 0;
    if (this.peek() === RBRACKET) {
      this.pos++;
    } else {
      while (true) {
        let price = 0;
        let size = 0;
        let i = this.pos;
        let fast = false;
        if (i + 1 < end && src[i] === LBRACKET && src[i + 1] === QUOTE) {
          i = this.plainDecimalAt(i + 2, pd);
          price = this.decimal;
          if (i > 0 && i + 1 < end && src[i] === COMMA && src[i + 1] === QUOTE) {
            i = this.plainDecimalAt(i + 2, sd);
            size = this.decimal;
            if (i > 0 && i < end && src[i] === RBRACKET) {
              i++;
              fast = true;
            }
          }
        }
        if (!fast) {
          // Re-parse this level from its start, allowing whitespace.
          i = this.slowLevel(field);
          price = this.slowPrice;
          size = this.slowSize;
        }
        if (bids) {
          if (n === m.bidPrice.length) m.growSide(true);
          m.bidPrice[n] = price;
          m.bidSize[n] = size;
        } else {
          if (n === m.askPrice.length) m.growSide(false);
          m.askPrice[n] = price;
          m.askSize[n] = size;
        }
        n++;
        const c = i < end ? src[i] : -1;
        if (c === COMMA) {
          this.pos = i + 1;
          if (this.pos < end && src[this.pos] !== LBRACKET) this.skipWs();
          continue;
        }
        if (c === RBRACKET) {
          this.pos = i + 1;
          break;
        }
        this.pos = i;
        this.skipWs();
        const d = this.next();
        if (d === COMMA) {
          this.skipWs();
          continue;
        }
        if (d === RBRACKET) break;
        this.failAt(this.pos - 1, field, `expected "," or "]" in levels but found ${this.describe(d)}`);
      }
    }
    if (bids) m.bidCount = n;
    else m.askCount = n;
  }

  private slowPrice = 0;
  private slowSize = 0;

  /**
   * One level `[ "p" , "q" ]` with whitespace allowed, from this.pos; values go to slowPrice/slowSize.
   * Returns the position after `]`.
   */
  private slowLevel(field: string): number {
    this.expect(LBRACKET, field);
    this.skipWs();
    this.slowPrice = this.parseQuotedDecimal(this.priceDecimals, field, false);
    this.skipWs();
    this.expect(COMMA, field);
    this.skipWs();
    this.slowSize = this.parseQuotedDecimal(this.sizeDecimals, field, true);
    this.skipWs();
    this.expect(RBRACKET, field);
    return this.pos;
  }

  /**
   * The common case of decimalAt, kept small enough to inline into parseLevels: an unsigned
   * `digits[.digits]` closed by a quote, digits beyond the scale all zeros. Returns the position after
   * the closing quote with the value in this.decimal, or -1 for anything else (sign, too many digits,
   * non-zero excess decimals, malformed or truncated text), which the caller re-parses through the
   * validating path so that errors are reported exactly as before.
   */
  private plainDecimalAt(i: number, decimals: number): number {
    const src = this.src;
    const end = this.end;
    let c = src[i];
    if (c < ZERO || c > ZERO + 9) return -1;
    let value = 0;
    let digits = 0;
    while (c >= ZERO && c <= ZERO + 9) {
      value = value * 10 + (c - ZERO);
      digits++;
      c = src[++i];
    }
    let frac = 0;
    if (c === DOT) {
      c = src[++i];
      while (frac < decimals && c >= ZERO && c <= ZERO + 9) {
        value = value * 10 + (c - ZERO);
        frac++;
        c = src[++i];
      }
      while (c === ZERO) c = src[++i];
    }
    // Past `end` the bytes belong to someone else: let the validating path say what is wrong.
    if (c !== QUOTE || i >= end || digits + frac > 15) return -1;
    this.decimal = frac === decimals ? value : value * POW10[decimals - frac];
    return i + 1;
  }

  /** Output of decimalAt (a field write is cheaper than returning a pair). */
  private decimal = 0;

  private parseQuotedDecimal(decimals: number, field: string, isSize: boolean): number {
    const i = this.pos;
    if (i >= this.end || this.src[i] !== QUOTE) this.failKind('unparseable-number', field, i, 'expected a quoted decimal number');
    this.pos = this.decimalAt(i + 1, decimals, field, isSize);
    return this.decimal;
  }

  /**
   * The decimal whose text starts at `i` (after the opening quote), as exact integer units of
   * 10^-decimals into this.decimal: digits accumulate as an integer (exact below 2^53), digits beyond
   * `decimals` must be zeros. Sizes may not be negative. Returns the position after the closing quote.
   */
  private decimalAt(i: number, decimals: number, field: string, isSize: boolean): number {
    const src = this.src;
    const end = this.end;
    const start = i;
    let negative = false;
    if (i < end && src[i] === MINUS) {
      negative = true;
      i++;
    }
    let value = 0;
    let digits = 0;
    let c = 0;
    // Integer part.
    while (i < end) {
      c = src[i];
      const d = c - ZERO;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      digits++;
      i++;
    }
    let frac = 0;
    if (c === DOT && i < end) {
      i++;
      const stop = Math.min(end, i + decimals);
      while (i < stop) {
        c = src[i];
        const d = c - ZERO;
        if (d < 0 || d > 9) break;
        value = value * 10 + d;
        frac++;
        i++;
      }
      // Digits beyond the scale: only zeros (they carry no value).
      while (i < end) {
        c = src[i];
        if (c !== ZERO) break;
        i++;
      }
      digits += frac;
      if (i < end && c > ZERO && c <= ZERO + 9) {
        this.failKind('unparseable-number', field, start, `"${this.text(start, this.stringEnd(i))}" has more than ${decimals} decimals`);
      }
    }
    if (i >= end || c !== QUOTE || digits === 0) {
      this.failKind('unparseable-number', field, start, `not a decimal number: "${this.text(start, this.stringEnd(i))}"`);
    }
    if (frac < decimals) value *= POW10[decimals - frac];
    if (!(value <= Number.MAX_SAFE_INTEGER)) this.failKind('unparseable-number', field, start, `"${this.text(start, i)}" exceeds exact integer range`);
    if (negative) {
      if (isSize && value !== 0) this.failKind('negative-size', field, start, `negative size "${this.text(start, i)}"`);
      if (!isSize) this.failKind('unparseable-number', field, start, `negative price "${this.text(start, i)}"`);
      value = 0;
    }
    this.decimal = value;
    return i + 1;
  }

  /** A JSON non-negative integer (ids, ms times): digits only, exact below 2^53. */
  private parseUint(field: string): number {
    const src = this.src;
    const end = this.end;
    const start = this.pos;
    let i = start;
    let value = 0;
    while (i < end) {
      const d = src[i] - ZERO;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      i++;
    }
    const n = i - start;
    if (n === 0 || (n > 1 && src[start] === ZERO) || (i < end && !this.isDelimiter(src[i])) || !(value <= Number.MAX_SAFE_INTEGER)) {
      let j = i;
      while (j < end && !this.isDelimiter(src[j])) j++;
      this.failKind('unparseable-number', field, start, `not a non-negative integer below 2^53: ${this.text(start, Math.max(j, start + 1))}`);
    }
    this.pos = i;
    return value;
  }

  private parseBool(field: string): boolean {
    const src = this.src;
    const i = this.pos;
    if (i + 4 <= this.end && src[i] === 116 && src[i + 1] === 114 && src[i + 2] === 117 && src[i + 3] === 101) {
      this.pos = i + 4;
      return true;
    }
    if (i + 5 <= this.end && src[i] === 102 && src[i + 1] === 97 && src[i + 2] === 108 && src[i + 3] === 115 && src[i + 4] === 101) {
      this.pos = i + 5;
      return false;
    }
    this.failKind('malformed-message', field, i, 'expected true or false');
  }

  /** A string value without escapes (symbols, event types); returns the start of its contents. */
  private stringRange(field: string): number {
    this.expect(QUOTE, field);
    const start = this.pos;
    this.skipStringBody();
    return start;
  }

  // ---- skipping unknown values (still validated) -------------------------------------------------

  private skipValue(depth: number): void {
    if (depth > MAX_NESTING) this.fail('json', `nesting deeper than ${MAX_NESTING}`);
    const c = this.peek();
    if (c === QUOTE) {
      this.pos++;
      this.skipStringBody();
    } else if (c === LBRACE) {
      this.pos++;
      this.skipWs();
      if (this.peek() === RBRACE) {
        this.pos++;
        return;
      }
      while (true) {
        this.expect(QUOTE, 'json');
        this.skipStringBody();
        this.skipWs();
        this.expect(COLON, 'json');
        this.skipWs();
        this.skipValue(depth + 1);
        this.skipWs();
        const d = this.next();
        if (d === COMMA) {
          this.skipWs();
          continue;
        }
        if (d === RBRACE) return;
        this.failAt(this.pos - 1, 'json', `expected "," or "}" but found ${this.describe(d)}`);
      }
    } else if (c === LBRACKET) {
      this.pos++;
      this.skipWs();
      if (this.peek() === RBRACKET) {
        this.pos++;
        return;
      }
      while (true) {
        this.skipValue(depth + 1);
        this.skipWs();
        const d = this.next();
        if (d === COMMA) {
          this.skipWs();
          continue;
        }
        if (d === RBRACKET) return;
        this.failAt(this.pos - 1, 'json', `expected "," or "]" but found ${this.describe(d)}`);
      }
    } else if (c === MINUS || (c >= ZERO && c <= ZERO + 9)) {
      this.skipNumber();
    } else if (!this.skipLiteral()) {
      this.fail('json', `unexpected ${this.describe(c)}`);
    }
  }

  /** Skips a string body (opening quote consumed) through the closing quote, honouring escapes. */
  private skipStringBody(): void {
    const src = this.src;
    const end = this.end;
    let i = this.pos;
    while (i < end) {
      const c = src[i];
      if (c === QUOTE) {
        this.pos = i + 1;
        return;
      }
      if (c === BACKSLASH) {
        i += 2;
        continue;
      }
      if (c < 32) this.failAt(i, 'json', 'control character in string');
      i++;
    }
    this.failAt(end, 'json', 'unterminated string');
  }

  /** JSON number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private skipNumber(): void {
    const src = this.src;
    const end = this.end;
    const start = this.pos;
    let i = start;
    if (src[i] === MINUS) i++;
    const intStart = i;
    while (i < end && src[i] >= ZERO && src[i] <= ZERO + 9) i++;
    let ok = i > intStart && !(i - intStart > 1 && src[intStart] === ZERO);
    if (ok && i < end && src[i] === DOT) {
      const f = ++i;
      while (i < end && src[i] >= ZERO && src[i] <= ZERO + 9) i++;
      ok = i > f;
    }
    if (ok && i < end && (src[i] === 101 || src[i] === 69)) {
      i++;
      if (i < end && (src[i] === 43 || src[i] === MINUS)) i++;
      const x = i;
      while (i < end && src[i] >= ZERO && src[i] <= ZERO + 9) i++;
      ok = i > x;
    }
    if (!ok || (i < end && !this.isDelimiter(src[i]))) this.failKind('malformed-message', 'json', start, 'bad number');
    this.pos = i;
  }

  private skipLiteral(): boolean {
    const src = this.src;
    const i = this.pos;
    const end = this.end;
    let n = 0;
    if (i + 4 <= end && src[i] === 116 && src[i + 1] === 114 && src[i + 2] === 117 && src[i + 3] === 101) n = 4;
    else if (i + 4 <= end && src[i] === 110 && src[i + 1] === 117 && src[i + 2] === 108 && src[i + 3] === 108) n = 4;
    else if (i + 5 <= end && src[i] === 102 && src[i + 1] === 97 && src[i + 2] === 108 && src[i + 3] === 115 && src[i + 4] === 101) n = 5;
    if (n === 0 || (i + n < end && !this.isDelimiter(src[i + n]))) return false;
    this.pos = i + n;
    return true;
  }

  // ---- primitives --------------------------------------------------------------------------------

  private isDelimiter(c: number): boolean {
    return c === COMMA || c === RBRACE || c === RBRACKET || c === 32 || c === 10 || c === 13 || c === 9;
  }

  private skipWs(): void {
    const src = this.src;
    let i = this.pos;
    const end = this.end;
    while (i < end) {
      const c = src[i];
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    this.pos = i;
  }

  private peek(): number {
    return this.pos < this.end ? this.src[this.pos] : -1;
  }

  private next(): number {
    return this.pos < this.end ? this.src[this.pos++] : -1;
  }

  private expect(c: number, field: string): void {
    if (this.pos < this.end && this.src[this.pos] === c) {
      this.pos++;
      return;
    }
    this.fail(field, `expected "${String.fromCharCode(c)}" but found ${this.describe(this.peek())}`);
  }

  private bytesEqual(start: number, expected: Uint8Array): boolean {
    const src = this.src;
    if (start + expected.length > this.end) return false;
    for (let k = 0; k < expected.length; k++) if (src[start + k] !== expected[k]) return false;
    return true;
  }

  /** End of the quoted token containing i (for error messages). */
  private stringEnd(i: number): number {
    let j = i;
    while (j < this.end && this.src[j] !== QUOTE) j++;
    return j;
  }

  private text(start: number, end: number): string {
    const s = Buffer.from(this.src.buffer, this.src.byteOffset + start, Math.max(0, Math.min(end, this.end) - start)).toString('utf8');
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  }

  private describe(c: number): string {
    return c < 0 ? 'end of input' : `"${String.fromCharCode(c)}"`;
  }

  private fail(field: string, detail: string): never {
    this.failKind('malformed-message', field, this.pos, detail);
  }

  private failAt(position: number, field: string, detail: string): never {
    this.failKind('malformed-message', field, position, detail);
  }

  private failKind(kind: BinanceDecodeErrorKind, field: string, position: number, detail: string): never {
    throw new BinanceDecodeError(kind, field, position, detail);
  }
}
