import { describe, expect, it } from 'vitest';
import { loadLobsterDay } from '../../data/lobster/LobsterDay.ts';
import { LobsterWindowedReplay } from '../../book/LobsterWindowedReplay.ts';
import { LOBSTER, realDataPresent } from '../../../test/realData.ts';
import { ReplayMarket } from './ReplayMarket.ts';
import { SandboxVenue } from './SandboxVenue.ts';

const NO_SINK = { onFeedPacket: () => undefined };
const NO_OE = { onOrderEntry: () => undefined };

describe.skipIf(!realDataPresent)('ReplayMarket on the GOOG fixture', () => {
  it('keeps the replayed book equal to LOBSTER’s orderbook rows and to LobsterWindowedReplay', async () => {
    const day = await loadLobsterDay(LOBSTER.fixture.messages, LOBSTER.fixture.orderbook);
    const venue = new SandboxVenue({ instrument: day.instrument, originNs: day.originNs, session: 'TEST' }, NO_SINK, NO_OE);
    const replay = new ReplayMarket(venue, day);
    replay.start(0);
    const ref = new LobsterWindowedReplay();
    const w = day.levels * 4;
    const mine = new Float64Array(w);
    const theirs = new Float64Array(w);
    let mismatches = 0;
    let rowMismatches = 0;
    for (let i = 0; i < day.events.length; i++) {
      replay.step();
      ref.apply(day.events, i, day.book, i * w, day.levels);
      venue.me.snapshot(day.levels, mine);
      ref.book.snapshot(day.levels, theirs);
      const row = day.book.subarray(i * w, (i + 1) * w);
      let same = true;
      let sameRow = true;
      for (let k = 0; k < w; k++) {
        if (!Object.is(mine[k], theirs[k]) && !(Number.isNaN(mine[k]) && Number.isNaN(theirs[k]))) same = false;
        if (!Object.is(mine[k], row[k]) && !(Number.isNaN(mine[k]) && Number.isNaN(row[k]))) sameRow = false;
      }
      if (!same) mismatches++;
      if (!sameRow) rowMismatches++;
    }
    expect(mismatches).toBe(0);
    expect(rowMismatches).toBe(0);
    expect(replay.counts.shortfallMessages).toBe(0);
  });
});
