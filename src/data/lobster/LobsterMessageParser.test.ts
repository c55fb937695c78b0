import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LobsterMessageParser } from './LobsterMessageParser.ts';
import { readLobsterMessages } from './readLobster.ts';
import { lobsterInstrument } from '../Instrument.ts';
import { concatBatches, type EventBatch } from '../EventBatch.ts';
import { EventType } from '../EventType.ts';
import { InputError } from '../../core/errors.ts';
import { formatNsAsSeconds } from '../../core/time.ts';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { newYorkMidnightNs } from './lobsterOrigin.ts';

const instrument = lobsterInstrument('TEST');

function parse(text: string, lenient = false): { batch: EventBatch | undefined; parser: LobsterMessageParser } {
  const parser = new LobsterMessageParser('test.csv', { instrument, lenient, batchSize: 4 });
  parser.feed(Buffer.from(text));
  parser.end();
  return { batch: parser.ready.length ? concatBatches(parser.ready) : undefined, parser };
}

describe('LobsterMessageParser', () => {
  it('parses every message type, with exact nanoseconds, in batches', () => {
    const text = [
      '34200.015105074,4,15818974,4,5794000,1',
      '34200.05990197,1,16,300,5794000,-1',
      '34200.1,2,16,100,5794000,-1',
      '34200.2,3,16,200,5794000,-1',
      '34200.3,5,0,1,5795050,1',
      '34200.4,6,0,500,5795000,-1',
      '36023,7,0,0,-1,-1',
      '36323,7,0,0,0,-1',
      '36723,7,0,0,1,-1',
    ].join('\n');
    const { batch, parser } = parse(text);
    expect(parser.ready.length).toBe(3); // batchSize 4
    const b = batch as EventBatch;
    expect(b.length).toBe(9);
    expect(Array.from(b.type)).toEqual([4, 1, 2, 3, 5, 6, 7, 7, 7]);
    expect(b.exchTs[0]).toBe(34_200_015_105_074);
    expect(b.exchTs[1]).toBe(34_200_059_901_970);
    expect(b.row(1)).toMatchObject({ side: -1, price: 5_794_000, size: 300, orderId: 16, seq: 2 });
    expect(b.price[4]).toBe(5_795_050); // hidden midpoint execution between ticks
    expect(Array.from(b.price.subarray(6, 9))).toEqual([-1, 0, 1]); // halt, quoting, resume
    expect(b.type[6]).toBe(EventType.TradingState);
  });

  it('accepts CRLF and a missing final newline', () => {
    const { batch } = parse('34200.1,1,1,10,100,1\r\n34200.2,3,1,10,100,1');
    expect(batch?.length).toBe(2);
  });

  it.each([
    ['34200.1,9,1,10,100,1', 'unknown-type', 'type'],
    ['34200.1,1,1,-10,100,1', 'negative-size', 'size'],
    ['34200.1,1,1,1x0,100,1', 'unparseable-number', 'size'],
    ['34200.1,1,1,10,100', 'malformed-row', 'direction'],
    ['34200.1,1,1,10,100,1,7', 'malformed-row', 'direction'],
    ['34200.1,1,1,10,100,2', 'malformed-row', 'direction'],
    ['34200.1234567891,1,1,10,100,1', 'unparseable-number', 'time'],
    ['abc,1,1,10,100,1', 'unparseable-number', 'time'],
  ])('rejects %j as %s in field %s, naming file and line', (row, kind, field) => {
    try {
      parse(`34200.0,1,1,10,100,1\n${row}\n`);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const err = e as InputError;
      expect(err.kind).toBe(kind);
      expect(err.field).toBe(field);
      expect(err.line).toBe(2);
      expect(err.message).toContain('test.csv:2');
    }
  });

  it('rejects time going backwards', () => {
    expect(() => parse('34200.2,1,1,10,100,1\n34200.1,1,2,10,100,1\n')).toThrow(/test.csv:2: field "time".*non-monotonic/);
  });

  it('in lenient mode counts each kind, keeps the good rows, and drops none silently', () => {
    const { batch, parser } = parse('34200.0,1,1,10,100,1\n34200.1,9,1,10,100,1\n34200.2,1,2,-1,100,1\n34200.3,1,3,10,100,1\n\n', true);
    expect(batch?.length).toBe(2);
    expect(parser.errors.toJSON()).toEqual({ 'malformed-row': 1, 'negative-size': 1, 'unknown-type': 1 });
    expect(parser.lines).toBe(5);
  });

  it('gives the same events however the bytes are split into chunks (property)', () => {
    const text = Buffer.from(['34200.015105074,4,15818974,4,5794000,1', '34200.05990197,1,16,300,5794000,-1', '34200.1,2,16,100,5794000,-1', '34201,3,16,200,5794000,-1', ''].join('\n'));
    const whole = parse(text.toString()).batch as EventBatch;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const parser = new LobsterMessageParser('t', { instrument });
        let prev = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          parser.feed(text.subarray(prev, c));
          prev = c;
        }
        parser.feed(text.subarray(prev));
        parser.end();
        const got = concatBatches(parser.ready);
        expect(Array.from(got.exchTs)).toEqual(Array.from(whole.exchTs));
        expect(Array.from(got.orderId)).toEqual(Array.from(whole.orderId));
        expect(Array.from(got.seq)).toEqual(Array.from(whole.seq));
      }),
    );
  });

  it('streams plain and gzipped files to the same events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachyon-'));
    const text = '34200.1,1,1,10,100,1\n34200.2,3,1,10,100,1\n';
    writeFileSync(join(dir, 'X_2012-06-21_0_0_message_1.csv'), text);
    writeFileSync(join(dir, 'X_2012-06-21_0_0_message_1.csv.gz'), gzipSync(text));
    for (const f of ['X_2012-06-21_0_0_message_1.csv', 'X_2012-06-21_0_0_message_1.csv.gz']) {
      const { batches } = readLobsterMessages(join(dir, f));
      const all: EventBatch[] = [];
      for await (const b of batches) all.push(b);
      const b = concatBatches(all);
      expect(b.length).toBe(2);
      expect(b.originNs).toBe(newYorkMidnightNs('2012-06-21'));
      expect(b.instruments[0].symbol).toBe('X');
    }
  });
});

describe.skipIf(!realDataPresent)('LobsterMessageParser on real data', () => {
  it('keeps every timestamp of the GOOG fixture exact to the nanosecond (compared with the text)', () => {
    const text = readFileSync(LOBSTER.fixture.messages, 'latin1');
    const { batch } = parse(text);
    const lines = text.trim().split('\n');
    const b = batch as EventBatch;
    expect(b.length).toBe(lines.length);
    lines.forEach((line, i) => {
      const [t, type, id, size, price, dir] = line.split(',');
      const [whole, frac = ''] = t.split('.');
      expect(formatNsAsSeconds(b.exchTs[i])).toBe(`${whole}.${frac.padEnd(9, '0')}`);
      expect([b.type[i], b.orderId[i], b.size[i], b.price[i], b.side[i]]).toEqual([type, id, size, price, dir].map(Number));
    });
  });

  it('reads New York midnight as the origin: 2012-06-21 00:00 EDT = 04:00 UTC', () => {
    expect(newYorkMidnightNs('2012-06-21')).toBe(BigInt(Date.UTC(2012, 5, 21, 4)) * 1_000_000n);
    expect(newYorkMidnightNs('2012-01-10')).toBe(BigInt(Date.UTC(2012, 0, 10, 5)) * 1_000_000n);
  });
});
