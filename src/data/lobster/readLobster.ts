import type { EventBatch } from '../EventBatch.ts';
import { lobsterInstrument, type Instrument } from '../Instrument.ts';
import { streamParsed } from '../io/streamParsed.ts';
import { LobsterMessageParser } from './LobsterMessageParser.ts';
import { LobsterOrderbookParser, type OrderbookRows } from './LobsterOrderbookParser.ts';
import { lobsterOriginNs, lobsterSymbol } from './lobsterOrigin.ts';

export interface ReadLobsterOptions {
  lenient?: boolean;
  batchSize?: number;
  instrument?: Instrument;
  originNs?: bigint;
}

/** A LOBSTER message file as a stream of normalized event batches; the parser carries the error tally. */
export function readLobsterMessages(path: string, options: ReadLobsterOptions = {}): { batches: AsyncGenerator<EventBatch>; parser: LobsterMessageParser } {
  const parser = new LobsterMessageParser(path, {
    lenient: options.lenient,
    batchSize: options.batchSize,
    originNs: options.originNs ?? lobsterOriginNs(path),
    instrument: options.instrument ?? lobsterInstrument(lobsterSymbol(path)),
  });
  return { batches: streamParsed(path, parser), parser };
}

/** A LOBSTER orderbook file as a stream of row blocks. */
export function readLobsterOrderbook(path: string, options: { levels?: number; lenient?: boolean } = {}): { blocks: AsyncGenerator<OrderbookRows>; parser: LobsterOrderbookParser } {
  const parser = new LobsterOrderbookParser(path, options);
  return { blocks: streamParsed(path, parser), parser };
}
