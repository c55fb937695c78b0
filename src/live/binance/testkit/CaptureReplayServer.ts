import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { L2Ladder } from '../../../book/L2Ladder.ts';
import { BinanceDecoder } from '../../../data/binance/BinanceDecoder.ts';
import { BinanceDepthSequencer, DiffAction, SequencerState } from '../../../data/binance/BinanceDepthSequencer.ts';
import { decimalsOfScale } from '../../../data/binance/BinanceInstrument.ts';
import { BinanceMessage } from '../../../data/binance/BinanceMessage.ts';
import { Side } from '../../../data/EventType.ts';
import { DEPTH_SNAPSHOT_PATH, MAX_SNAPSHOT_LIMIT, type BinanceEndpoints } from '../binanceEndpoints.ts';
import { depthSnapshotJson } from './depthSnapshotJson.ts';
import { LineKind, type ReplayCapture } from './ReplayCapture.ts';

/**
 * A local stand-in for Binance, for tests: one node:http server on 127.0.0.1 (port 0) that answers the
 * REST depth snapshot and upgrades `/stream?streams=…` to a websocket (ws) that replays a capture's
 * combined-stream frames, byte for byte as recorded.
 *
 * The capture is one market timeline. It advances only while a client is connected (a reconnecting
 * client continues where the market paused, so a test's content does not depend on backoff timing),
 * as fast as the socket takes it (`speed` Infinity: `framesPerTurn` frames per event-loop turn, pausing
 * while a client has more than `highWaterBytes` unsent) or paced by the recorded receive times divided
 * by `speed`.
 *
 * The snapshot: a reference book replays the capture's own REST snapshot plus every diff of the
 * timeline (with Binance's rules, BinanceDepthSequencer), dropped diffs included (the market moved even
 * if the client did not hear it). A request is answered with the book at the moment of the answer:
 * the recorded snapshot verbatim while the book is still exactly it, else the book serialized, at the
 * last applied diff's `u` (`lastUpdateId`), top `limit` levels. Requests before the timeline reaches the
 * recorded snapshot wait for it.
 *
 * Faults, each keyed by capture line (0-based) and fired once, before that line is sent: drop the line,
 * send malformed frames, close every client's socket, stall (optionally withholding pongs). Plus delayed
 * and failing snapshot answers.
 */
export interface ReplayFaults {
  /** Lines not sent (diffs dropped → the client sees a sequence gap). */
  readonly dropLines?: readonly number[];
  /** Extra frames sent before a line (text unless `binary`). */
  readonly malformedBefore?: readonly { readonly line: number; readonly payload: string | Buffer; readonly binary?: boolean }[];
  /** Close every client before sending the line (`terminate`: abrupt, the default; `close`: close frame 1001). */
  readonly closeBefore?: readonly number[];
  readonly closeMode?: 'terminate' | 'close';
  /** Send nothing for `ms` before the line; `withholdPongs` also leaves pings unanswered meanwhile. */
  readonly stallBefore?: readonly { readonly line: number; readonly ms: number; readonly withholdPongs?: boolean }[];
}

export interface CaptureReplayOptions {
  /** Recorded-time speed-up; Infinity (default) sends as fast as the client takes it. */
  speed?: number;
  /** Frames sent per event-loop turn at full speed. Default 256. */
  framesPerTurn?: number;
  /** Pause sending while a client has this many bytes unsent. Default 4 MiB. */
  highWaterBytes?: number;
  faults?: ReplayFaults;
  /** Delay before a snapshot is answered (computed at answer time). Default 0. */
  snapshotDelayMs?: number;
  /** The first n snapshot requests get HTTP 503. Default 0. */
  failSnapshotRequests?: number;
  /** First line of the timeline (skips what comes before). Default 0. */
  startLine?: number;
}

export interface ReplayConnection {
  /** The request path, e.g. `/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker`. */
  readonly path: string;
  /** Frames sent on it (malformed ones included). */
  framesSent: number;
  /** Timeline line the connection started at. */
  readonly fromLine: number;
}

export interface ReplayStats {
  framesSent: number;
  linesDropped: number;
  malformedSent: number;
  closesInjected: number;
  stallsInjected: number;
  snapshotRequests: number;
  snapshotFailuresInjected: number;
  /** lastUpdateId of each snapshot served, in order. */
  snapshotsServed: number[];
  /** How many were the recorded snapshot verbatim. */
  verbatimSnapshots: number;
}

const SEND_TEXT = { binary: false } as const;
const SEND_BINARY = { binary: true } as const;

export class CaptureReplayServer {
  readonly stats: ReplayStats = {
    framesSent: 0,
    linesDropped: 0,
    malformedSent: 0,
    closesInjected: 0,
    stallsInjected: 0,
    snapshotRequests: 0,
    snapshotFailuresInjected: 0,
    snapshotsServed: [],
    verbatimSnapshots: 0,
  };
  readonly connections: ReplayConnection[] = [];
  /** Next timeline line to send. */
  position: number;
  /** Resolves when the whole timeline has been sent. */
  readonly finished: Promise<void>;

  private readonly clients = new Map<WebSocket, ReplayConnection>();
  private readonly ref: ReferenceBook;
  private readonly drop: Set<number>;
  private readonly closeAt: Set<number>;
  private readonly malformedAt = new Map<number, { payload: string | Buffer; binary?: boolean }[]>();
  private readonly stallAt = new Map<number, { ms: number; withholdPongs?: boolean }>();
  private readonly speed: number;
  private readonly framesPerTurn: number;
  private readonly highWater: number;
  private stalled = false;
  private withholdPongs = false;
  private pumpScheduled = false;
  private closed = false;
  private anchorWallMs = 0;
  private anchorRecvNs = 0;
  private failuresLeft: number;
  private waitingForSnapshot: (() => void)[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private resolveFinished: () => void = () => {};

  private constructor(
    readonly capture: ReplayCapture,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly options: CaptureReplayOptions,
  ) {
    const f = options.faults ?? {};
    this.drop = new Set(f.dropLines ?? []);
    this.closeAt = new Set(f.closeBefore ?? []);
    for (const m of f.malformedBefore ?? []) {
      const list = this.malformedAt.get(m.line) ?? [];
      list.push(m);
      this.malformedAt.set(m.line, list);
    }
    for (const s of f.stallBefore ?? []) this.stallAt.set(s.line, s);
    this.speed = options.speed ?? Infinity;
    this.framesPerTurn = options.framesPerTurn ?? 256;
    this.highWater = options.highWaterBytes ?? 4 << 20;
    this.failuresLeft = options.failSnapshotRequests ?? 0;
    this.position = options.startLine ?? 0;
    this.ref = new ReferenceBook(capture);
    // Lines before the start still build the reference book (the market existed before we listened).
    for (let i = 0; i < this.position; i++) this.ref.onLine(i);
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    if (this.position >= capture.lines) this.resolveFinished();
  }

  /** Starts the HTTP + websocket server on 127.0.0.1, port 0. */
  static async start(capture: ReplayCapture, options: CaptureReplayOptions = {}): Promise<CaptureReplayServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, autoPong: false, perMessageDeflate: false });
    const server = new CaptureReplayServer(capture, http, wss, options);
    http.on('request', (req, res) => server.onHttp(req, res));
    wss.on('connection', (ws, req) => server.onConnection(ws, req));
    wss.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** The endpoints a gateway connects to (both on this one server). */
  get endpoints(): BinanceEndpoints {
    return { wsBaseUrl: `ws://127.0.0.1:${this.port}`, restBaseUrl: `http://127.0.0.1:${this.port}` };
  }

  /** The connection currently open (the last one), if any. */
  get currentConnection(): ReplayConnection | undefined {
    return this.clients.size > 0 ? [...this.clients.values()].at(-1) : undefined;
  }

  /** The reference book's update id (what a snapshot answered now would carry), NaN before it exists. */
  get referenceUpdateId(): number {
    return this.ref.valid ? this.ref.sequencer.lastAppliedUpdateId : NaN;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- websocket -----------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    if (this.closed) {
      ws.terminate();
      return;
    }
    const conn: ReplayConnection = { path: req.url ?? '', framesSent: 0, fromLine: this.position };
    this.connections.push(conn);
    this.clients.set(ws, conn);
    ws.on('ping', (data) => {
      if (!this.withholdPongs && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    this.reanchor();
    this.schedulePump(0);
  }

  private reanchor(): void {
    if (this.position < this.capture.lines) {
      this.anchorWallMs = performance.now();
      this.anchorRecvNs = this.capture.recvNs[this.position];
    }
  }

  private schedulePump(delayMs: number): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    if (delayMs <= 0) {
      setImmediate(() => this.pump());
    } else {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.pump();
      }, delayMs);
      this.timers.add(t);
    }
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.closed || this.stalled) return;
    const cap = this.capture;
    let sent = 0;
    while (this.position < cap.lines) {
      if (this.clients.size === 0) return; // the market pauses until someone listens
      for (const ws of this.clients.keys()) {
        if (ws.bufferedAmount > this.highWater) {
          this.schedulePump(1);
          return;
        }
      }
      const i = this.position;
      if (this.closeAt.delete(i)) {
        this.stats.closesInjected++;
        for (const ws of this.clients.keys()) {
          if (this.options.faults?.closeMode === 'close') ws.close(1001, 'replay: injected close');
          else ws.terminate();
        }
        this.clients.clear();
        return;
      }
      const stall = this.stallAt.get(i);
      if (stall) {
        this.stallAt.delete(i);
        this.stats.stallsInjected++;
        this.stalled = true;
        this.withholdPongs = stall.withholdPongs ?? false;
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.stalled = false;
          this.withholdPongs = false;
          this.reanchor();
          this.schedulePump(0);
        }, stall.ms);
        this.timers.add(t);
        return;
      }
      const bad = this.malformedAt.get(i);
      if (bad) {
        this.malformedAt.delete(i);
        for (const b of bad) {
          this.stats.malformedSent++;
          this.broadcast(typeof b.payload === 'string' ? Buffer.from(b.payload, 'utf8') : b.payload, b.binary ?? false);
        }
      }
      if (this.speed !== Infinity) {
        const due = this.anchorWallMs + (cap.recvNs[i] - this.anchorRecvNs) / 1e6 / this.speed;
        const wait = due - performance.now();
        if (wait > 1) {
          this.schedulePump(wait);
          return;
        }
      }
      this.position++;
      this.ref.onLine(i);
      if (cap.kind[i] === LineKind.Snapshot) {
        if (this.ref.valid) this.answerWaiting();
        continue; // a REST response in the capture, not a stream frame
      }
      if (this.drop.has(i)) {
        this.stats.linesDropped++;
        continue;
      }
      this.broadcast(cap.json(i), false);
      if (++sent >= this.framesPerTurn) {
        this.schedulePump(0);
        return;
      }
    }
    this.resolveFinished();
  }

  private broadcast(frame: Buffer, binary: boolean): void {
    for (const [ws, conn] of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(frame, binary ? SEND_BINARY : SEND_TEXT);
      conn.framesSent++;
      this.stats.framesSent++;
    }
  }

  // ---- REST ----------------------------------------------------------------------------------------

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const market = this.capture.market;
    if (req.method !== 'GET' || url.pathname !== DEPTH_SNAPSHOT_PATH[market]) {
      this.json(res, 404, '{"code":-1,"msg":"not found"}');
      return;
    }
    if (url.searchParams.get('symbol') !== this.capture.instrument.symbol) {
      this.json(res, 400, '{"code":-1121,"msg":"Invalid symbol."}');
      return;
    }
    const limit = Math.min(MAX_SNAPSHOT_LIMIT[market], Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    this.stats.snapshotRequests++;
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      this.stats.snapshotFailuresInjected++;
      this.json(res, 503, '{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}');
      return;
    }
    const answer = (): void => {
      if (res.destroyed) return;
      if (!this.ref.valid) {
        this.waitingForSnapshot.push(answer);
        return;
      }
      const verbatim = this.ref.verbatim(limit);
      this.stats.snapshotsServed.push(this.ref.sequencer.lastAppliedUpdateId);
      if (verbatim) this.stats.verbatimSnapshots++;
      this.json(res, 200, verbatim ?? this.ref.snapshotBody(limit));
    };
    const delay = this.options.snapshotDelayMs ?? 0;
    if (delay > 0) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        answer();
      }, delay);
      this.timers.add(t);
    } else {
      answer();
    }
  }

  private answerWaiting(): void {
    const waiting = this.waitingForSnapshot;
    this.waitingForSnapshot = [];
    for (const answer of waiting) answer();
  }

  private json(res: ServerResponse, status: number, body: string | Buffer): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}

/**
 * The venue's own book along the timeline: the recorded REST snapshot plus the diffs (Binance's rules;
 * diffs before the snapshot are buffered and replayed against it, as BinanceCaptureReader does).
 */
class ReferenceBook {
  readonly book = new L2Ladder();
  readonly sequencer: BinanceDepthSequencer;
  private readonly decoder: BinanceDecoder;
  private pending: BinanceMessage[] = [];
  /** The recorded snapshot's JSON while the book is still exactly it. */
  private recorded: Buffer | null = null;
  private recordedLevels = 0;
  private eventTimeMs = NaN;
  private transactionTimeMs = NaN;

  constructor(private readonly capture: ReplayCapture) {
    const inst = capture.instrument;
    this.sequencer = new BinanceDepthSequencer(inst.market);
    this.decoder = new BinanceDecoder({ priceDecimals: decimalsOfScale(inst.priceScale, 'priceScale'), sizeDecimals: decimalsOfScale(inst.sizeScale, 'sizeScale') });
  }

  get valid(): boolean {
    return this.sequencer.state !== SequencerState.AwaitingSnapshot;
  }

  onLine(i: number): void {
    const kind = this.capture.kind[i];
    if (kind !== LineKind.Depth && kind !== LineKind.Snapshot) return;
    const json = this.capture.json(i);
    const m = this.decoder.decode(json);
    if (kind === LineKind.Snapshot) {
      this.book.clear();
      for (let k = 0; k < m.bidCount; k++) this.book.setLevel(Side.Buy, m.bidPrice[k], m.bidSize[k]);
      for (let k = 0; k < m.askCount; k++) this.book.setLevel(Side.Sell, m.askPrice[k], m.askSize[k]);
      this.sequencer.onSnapshot(m.lastUpdateId);
      this.recorded = json;
      this.recordedLevels = Math.max(m.bidCount, m.askCount);
      this.eventTimeMs = m.eventTime;
      this.transactionTimeMs = m.transactionTime;
      const pending = this.pending;
      this.pending = [];
      for (const p of pending) this.diff(p);
      return;
    }
    this.diff(m);
  }

  private diff(m: BinanceMessage): void {
    const action = this.sequencer.check(m.firstUpdateId, m.lastUpdateId, m.prevUpdateId);
    if (action === DiffAction.Apply) {
      for (let k = 0; k < m.bidCount; k++) this.book.setLevel(Side.Buy, m.bidPrice[k], m.bidSize[k]);
      for (let k = 0; k < m.askCount; k++) this.book.setLevel(Side.Sell, m.askPrice[k], m.askSize[k]);
      this.recorded = null;
      this.eventTimeMs = m.eventTime;
      this.transactionTimeMs = m.transactionTime;
    } else if (action === DiffAction.Buffer) {
      const copy = new BinanceMessage(Math.max(16, m.bidCount, m.askCount));
      copy.copyFrom(m);
      this.pending.push(copy);
    }
    // Stale: nothing. Gap: the capture itself is broken; the book stays invalid (requests wait).
  }

  /** The recorded snapshot's bytes if the book is still exactly it and `limit` does not cut it. */
  verbatim(limit: number): Buffer | null {
    return this.recorded !== null && limit >= this.recordedLevels ? this.recorded : null;
  }

  snapshotBody(limit: number): Buffer {
    const times = this.capture.market === 'spot' ? undefined : { eventTimeMs: this.eventTimeMs, transactionTimeMs: this.transactionTimeMs };
    return depthSnapshotJson(this.book, this.sequencer.lastAppliedUpdateId, this.capture.instrument, limit, times);
  }
}
