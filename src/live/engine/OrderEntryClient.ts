import { SessionPacket } from '../protocol/codes.ts';
import { FrameReader } from '../protocol/FrameReader.ts';
import { OrderEntryClientDecoder } from '../protocol/OrderEntryDecoder.ts';
import { ProtocolErrorCounts } from '../protocol/ProtocolError.ts';
import { LoginRequest, writeLoginRequestFrame } from '../protocol/sessionPackets.ts';
import { getText, setText, wireView } from '../protocol/wire.ts';
import { MAX_MALFORMED_FRAMES } from './MarketDataClient.ts';

export interface OrderEntryListener {
  onLoginAccepted(session: string, firstSeq: number): void;
  onLoginRejected(reason: number): void;
  /** A sequenced venue message, in order (`dec` holds it); `replayed` while the login replay lasts. */
  onOrderMessage(messageType: number, dec: OrderEntryClientDecoder, seq: number, replayed: boolean): void;
  /** The first Server Heartbeat after login: the replay is over, messages are live. */
  onReplayDone(): void;
  onOrderEntryEndOfSession(): void;
  /** A sequence number was lost (a gap, or a malformed message): stop trading, log in again from `from`. */
  onOrderEntryGap(from: number): void;
  /** A Sequenced Data packet was handled (lockstep acknowledgement). */
  onOrderEntryPacketHandled(): void;
}

export const OeState = { Down: 0, LoggingIn: 1, Replaying: 2, Live: 3 } as const;
export type OeState = (typeof OeState)[keyof typeof OeState];

/**
 * The engine's order-entry session (SoupBinTCP-like): logs in asking for the next sequence number it
 * needs, takes the venue's replay, then live messages, each exactly once and in order. A duplicate
 * (below the expected number) is ignored; a gap or a malformed sequenced message means a lost order
 * event: the listener stops trading and the engine logs in again from the lost number (docs/protocol.md,
 * "Malformed input"); a second loss of the same number is skipped and counted as an alert.
 */
export class OrderEntryClient {
  readonly errors = new ProtocolErrorCounts();
  readonly reader = new FrameReader({ errors: this.errors, initialCapacity: 1 << 14 });
  readonly decoder = new OrderEntryClientDecoder(this.errors);
  state: OeState = OeState.Down;
  /** The next sequence number needed. */
  expected = 1;
  session = '';
  readonly counts = { messages: 0, duplicates: 0, gaps: 0, alerts: 0, heartbeats: 0 };
  private lastLost = -1;
  private readonly login = new LoginRequest();
  private readonly buf = new Uint8Array(64);
  private readonly view = wireView(this.buf);

  constructor(private readonly listener: OrderEntryListener) {}

  /** The Login Request frame for a new connection (blank session: the venue's current one). */
  loginFrame(username: string, password: string, sequence: number): Uint8Array {
    setText(this.login.username, username);
    setText(this.login.password, password);
    setText(this.login.session, '', true);
    this.login.sequence = sequence;
    const n = writeLoginRequestFrame(this.view, 0, this.login);
    this.state = OeState.LoggingIn;
    this.reader.reset();
    return this.buf.slice(0, n);
  }

  disconnected(): void {
    this.reader.close();
    this.state = OeState.Down;
  }

  get mustDrop(): boolean {
    return this.reader.failed || this.errors.total > MAX_MALFORMED_FRAMES;
  }

  onData(buf: Uint8Array, n: number): void {
    const r = this.reader;
    r.push(buf, 0, n);
    while (r.next() && this.state !== OeState.Down) this.onFrame(r.view, r.start, r.end);
  }

  private onFrame(v: DataView, start: number, end: number): void {
    const d = this.decoder;
    const p = d.decode(v, start, end);
    switch (p) {
      case SessionPacket.SequencedData: {
        const seq = d.sequence;
        if (seq < this.expected) this.counts.duplicates++;
        else if (seq > this.expected) this.lose(this.expected);
        else {
          this.expected = seq + 1;
          this.counts.messages++;
          this.listener.onOrderMessage(d.messageType, d, seq, this.state === OeState.Replaying);
        }
        this.listener.onOrderEntryPacketHandled();
        return;
      }
      case SessionPacket.ServerHeartbeat:
        this.counts.heartbeats++;
        if (this.state === OeState.Replaying) {
          this.state = OeState.Live;
          this.listener.onReplayDone();
        }
        return;
      case SessionPacket.LoginAccepted:
        this.session = getText(d.loginAccepted.session);
        this.expected = d.loginAccepted.sequence;
        this.state = OeState.Replaying;
        this.listener.onLoginAccepted(this.session, this.expected);
        return;
      case SessionPacket.LoginRejected:
        this.state = OeState.Down;
        this.listener.onLoginRejected(d.loginRejected.reason);
        return;
      case SessionPacket.EndOfSession:
        this.listener.onOrderEntryEndOfSession();
        return;
      case 0:
        // A malformed Sequenced Data message still consumed its number.
        if (d.packetType === SessionPacket.SequencedData && d.sequence === this.expected) {
          this.listener.onOrderEntryPacketHandled();
          this.lose(this.expected);
        }
        return;
    }
  }

  private lose(from: number): void {
    this.counts.gaps++;
    if (from === this.lastLost) {
      // Lost twice: skip it, keep going, and say so.
      this.counts.alerts++;
      this.expected = from + 1;
      this.lastLost = -1;
      return;
    }
    this.lastLost = from;
    this.state = OeState.Down;
    this.listener.onOrderEntryGap(from);
  }
}
