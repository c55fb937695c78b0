import { join } from 'node:path';
import { buildLobsterDataset, toLoadedDataset } from '../../datasets/buildDataset.ts';
import type { ModelArtifact } from '../../models/artifact/ModelArtifact.ts';
import { writeModelArtifact } from '../../models/artifact/ModelArtifactFile.ts';
import { trainOnDataset } from '../../models/trainOnDataset.ts';

/**
 * Test support for the live engine (not used by it): a real trained model, and polling.
 */

/**
 * The model: logistic regression on the default features, LOBCAST labels k = 5, trained on the
 * first 60 % of the GOOG level-10 day (as `tachyon dataset build … && tachyon train …`), written to
 * `dir/model.json` for engine processes. ~4 s.
 */
export async function trainDayModel(messages: string, orderbook: string, dir: string): Promise<{ artifact: ModelArtifact; path: string }> {
  const ds = await buildLobsterDataset(messages, orderbook, { label: 'lobcast', sigma: 'balanced', horizon: 5, trainFraction: 0.6 });
  const trained = await trainOnDataset(toLoadedDataset(ds), { model: 'logistic' });
  const path = join(dir, 'model.json');
  await writeModelArtifact(path, trained.artifact);
  return { artifact: trained.artifact, path };
}

/** Resolves once `cond()` holds (polled every 10 ms); rejects after `timeoutMs` naming `what`. */
export function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = (): void => {
      if (cond()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

/** Polls an async probe until it returns a truthy value. */
export async function waitForAsync<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: last ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
