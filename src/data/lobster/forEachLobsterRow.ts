import type { EventBatch } from '../EventBatch.ts';
import type { OrderbookRows } from './LobsterOrderbookParser.ts';
import { readLobsterMessages, readLobsterOrderbook } from './readLobster.ts';

/** Called once per message with the orderbook row after it: data[base .. base + 4*levels). */
export type LobsterRowVisitor = (batch: EventBatch, i: number, data: Float64Array, base: number, levels: number) => void;

export interface LobsterPairOptions {
  lenient?: boolean;
  /** Called after each message batch with the number of messages visited so far. */
  onProgress?: (rows: number) => void;
}

/**
 * Walks a LOBSTER message file and its orderbook file in lockstep, streaming both (constant memory),
 * crossing an await only at block boundaries, never once per row. The files must have equally many rows.
 * Returns the rows visited and the bad-input counts (lenient mode).
 */
export async function forEachLobsterRow(
  messagesPath: string,
  orderbookPath: string,
  visit: LobsterRowVisitor,
  options: LobsterPairOptions = {},
): Promise<{ rows: number; levels: number; inputErrors: Record<string, number> }> {
  const { batches, parser: msgParser } = readLobsterMessages(messagesPath, { lenient: options.lenient });
  const { blocks, parser: obParser } = readLobsterOrderbook(orderbookPath, { lenient: options.lenient });
  let block: OrderbookRows | undefined;
  let rowInBlock = 0;
  let rows = 0;
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      while (!block || rowInBlock >= block.count) {
        const next = await blocks.next();
        if (next.done) throw new Error(`${orderbookPath}: fewer orderbook rows than messages in ${messagesPath} (message line ${batch.seq[i]})`);
        block = next.value;
        rowInBlock = 0;
      }
      visit(batch, i, block.data, rowInBlock++ * block.levels * 4, block.levels);
      rows++;
    }
    options.onProgress?.(rows);
  }
  const extra = await blocks.next();
  if (!extra.done || (block && rowInBlock < block.count)) {
    throw new Error(`${orderbookPath}: more orderbook rows than the ${rows} messages in ${messagesPath}`);
  }
  return { rows, levels: block?.levels ?? 0, inputErrors: { ...msgParser.errors.toJSON(), ...obParser.errors.toJSON() } };
}
