import { describe, expect, it } from 'vitest';
import { BINANCE, realDataPresent } from '../../../test/realData.ts';
import { VenueNetwork } from '../../net/VenueNetwork.ts';
import { ConstantLatency } from './ConstantLatency.ts';
import { EmpiricalLatency } from './EmpiricalLatency.ts';
import { LinkLatency } from './LinkLatency.ts';
import { LatencySpecError, parseLatencySpec, parseLatencySpecText } from './parseLatencySpec.ts';

/** The error a spec gives, as text (fails the test if it parses). */
function errorOf(spec: string): string {
  try {
    parseLatencySpecText(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(LatencySpecError);
    return (e as Error).message;
  }
  throw new Error(`"${spec}" parsed`);
}

describe('parseLatencySpecText', () => {
  it('reads zero and constant latencies in ns, us, µs and ms, exactly', () => {
    expect(parseLatencySpecText('zero')).toEqual({ kind: 'constant', feedNs: 0, orderNs: 0, responseNs: 0 });
    expect(parseLatencySpecText('constant:50us')).toEqual({ kind: 'constant', feedNs: 50_000, orderNs: 50_000, responseNs: 50_000 });
    expect(parseLatencySpecText('constant:800ns')).toMatchObject({ feedNs: 800 });
    expect(parseLatencySpecText('constant:2µs')).toMatchObject({ feedNs: 2_000 });
    expect(parseLatencySpecText('constant:0.1ms')).toMatchObject({ feedNs: 100_000 });
    expect(parseLatencySpecText('constant:1.000001ms')).toMatchObject({ feedNs: 1_000_001 });
    expect(parseLatencySpecText('constant:1.50us')).toMatchObject({ feedNs: 1_500 });
    expect(parseLatencySpecText('constant:feed=10us,order=20us,response=1.5ms')).toEqual({ kind: 'constant', feedNs: 10_000, orderNs: 20_000, responseNs: 1_500_000 });
    expect(parseLatencySpecText('constant:response=3ns,feed=1ns,order=2ns')).toMatchObject({ feedNs: 1, orderNs: 2, responseNs: 3 });
  });

  it('names the bad part of a constant spec', () => {
    expect(errorOf('constant:5s')).toBe('latency spec "constant:5s": "5s": not a duration like 800ns, 50us or 1.5ms');
    expect(errorOf('constant:1.5ns')).toMatch(/"1.5ns": not a whole number of nanoseconds/);
    expect(errorOf('constant:-3us')).toMatch(/"-3us": not a duration/);
    expect(errorOf('constant')).toMatch(/constant needs a duration/);
    expect(errorOf('constant:feed=1us,order=2us')).toMatch(/"feed=1us,order=2us": missing response=DUR/);
    expect(errorOf('constant:feed=1us,feed=2us,order=1us,response=1us')).toMatch(/"feed=2us": feed given twice/);
    expect(errorOf('constant:feed=1us,foo=2us,response=1us')).toMatch(/"foo=2us": expected feed=DUR/);
    expect(errorOf('constant:feed=1us,order=2xs,response=1us')).toMatch(/"order=2xs": not a duration/);
  });

  it('reads link specs, with optional processing time', () => {
    expect(parseLatencySpecText('link:Aurora-Carteret:microwave')).toEqual({ kind: 'link', from: 'Aurora', to: 'Carteret', link: 'microwave', processingNs: 0 });
    expect(parseLatencySpecText('link:Tokyo-HongKong:fibre:2us')).toEqual({ kind: 'link', from: 'Tokyo', to: 'HongKong', link: 'fibre', processingNs: 2_000 });
    expect(parseLatencySpecText('link:HongKong-Mahwah:radio')).toMatchObject({ link: 'radio' });
  });

  it('names the bad part of a link spec', () => {
    expect(errorOf('link:Aurora-Chicago:fibre')).toMatch(/"Chicago": unknown venue \(venues: Aurora, Carteret/);
    expect(errorOf('link:Aurora-Carteret:laser')).toMatch(/"laser": unknown link kind \(kinds: microwave, fibre, radio\)/);
    expect(errorOf('link:Tokyo-Carteret:microwave')).toMatch(/"Tokyo-Carteret": no microwave route between Tokyo and Carteret/);
    expect(errorOf('link:Aurora:fibre')).toMatch(/"Aurora": expected two venues as FROM-TO/);
    expect(errorOf('link:Aurora-Carteret')).toMatch(/expected link:FROM-TO:KIND\[:DUR\]/);
    expect(errorOf('link:Aurora-Carteret:fibre:fast')).toMatch(/"fast": not a duration/);
  });

  it('reads empirical specs: files, seed and options from the right', () => {
    expect(parseLatencySpecText('empirical:cap.gz')).toEqual({ kind: 'empirical', files: ['cap.gz'], seed: 1, clock: 'deskew', floorNs: 0, stamp: 'exchTs' });
    expect(parseLatencySpecText('empirical:a.gz,b.gz:42')).toMatchObject({ files: ['a.gz', 'b.gz'], seed: 42 });
    expect(parseLatencySpecText('empirical:/data/c:d.gz:7:clock=shift:floor=4ms:stamp=E')).toEqual({
      kind: 'empirical',
      files: ['/data/c:d.gz'],
      seed: 7,
      clock: 'shift',
      floorNs: 4_000_000,
      stamp: 'E',
    });
    expect(parseLatencySpecText('empirical:x.gz:seed=3')).toMatchObject({ seed: 3 });
  });

  it('names the bad part of an empirical spec', () => {
    expect(errorOf('empirical')).toMatch(/empirical needs the capture file/);
    expect(errorOf('empirical:a.gz,,b.gz')).toMatch(/empirical needs the capture file/);
    expect(errorOf('empirical:a.gz:clock=ntp')).toMatch(/"clock=ntp": clock must be one of deskew, shift, clamp/);
    expect(errorOf('empirical:a.gz:floor=3')).toMatch(/"floor=3": not a duration/);
    expect(errorOf('empirical:a.gz:99999999999')).toMatch(/"99999999999": seed must be an integer/);
    expect(errorOf('empirical:a.gz:1:2')).toMatch(/"1": seed given twice/);
  });

  it('names an unknown model', () => {
    expect(errorOf('gaussian:5us')).toMatch(/^latency spec "gaussian:5us": "gaussian": unknown latency model \(expected zero \| constant/);
    expect(errorOf('')).toMatch(/unknown latency model/);
  });
});

describe('parseLatencySpec', () => {
  it('builds constant and link models', async () => {
    const c = await parseLatencySpec('constant:feed=1us,order=2us,response=3us');
    expect(c).toBeInstanceOf(ConstantLatency);
    expect([c.feedNs(0), c.orderNs(0), c.responseNs(0)]).toEqual([1_000, 2_000, 3_000]);
    expect((await parseLatencySpec('zero')).feedNs(0)).toBe(0);
    const l = await parseLatencySpec('link:Aurora-Carteret:fibre:5us');
    expect(l).toBeInstanceOf(LinkLatency);
    expect(l.orderNs(0)).toBe(Math.round(new VenueNetwork().oneWayMs('Aurora', 'Carteret', 'fibre')! * 1e6) + 5_000);
  });

  it('names a missing capture file', async () => {
    await expect(parseLatencySpec('empirical:/no/such/capture.gz:3')).rejects.toThrow('latency spec "empirical:/no/such/capture.gz:3": "/no/such/capture.gz": no such capture file');
  });

  it.skipIf(!realDataPresent)('builds an empirical model from a real Binance capture, reproducibly', async () => {
    const files = BINANCE.captures.usdmBtc.map((f) => BINANCE.path(f)).join(',');
    const a = await parseLatencySpec(`empirical:${files}:7`);
    const b = await parseLatencySpec(`empirical:${files}:7`);
    expect(a).toBeInstanceOf(EmpiricalLatency);
    expect(a.description).toMatch(/^empirical \(Binance futures BTCUSDT capture, .* clock deskewed: offset -127\d\.\d+ ms at start/);
    const draws = Array.from({ length: 100 }, (_, i) => [a.feedNs(i), a.orderNs(i), a.responseNs(i)]);
    expect(Array.from({ length: 100 }, (_, i) => [b.feedNs(i), b.orderNs(i), b.responseNs(i)])).toEqual(draws);
    const floored = await parseLatencySpec(`empirical:${files}:7:floor=4ms`);
    expect((floored as EmpiricalLatency).feedSummary.minNs).toBe(4_000_000);
  });
});
