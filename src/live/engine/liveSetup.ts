import { DEFAULT_BACKTEST_SPEC, strategyFromSpec, type BacktestSpec } from '../../backtest/BacktestSetup.ts';
import type { BacktestModel } from '../../backtest/BacktestEngine.ts';
import { parseFeeSpec } from '../../backtest/fees/venueFees.ts';
import { backtestModelFromArtifact } from '../../backtest/runLobsterBacktest.ts';
import { lobsterInstrument } from '../../data/Instrument.ts';
import type { ModelArtifact } from '../../models/artifact/ModelArtifact.ts';
import { readModelArtifact } from '../../models/artifact/ModelArtifactFile.ts';
import '../../models/ModelZoo.ts'; // registers every model family's loader
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/RiskLimits.ts';
import type { LiveEngineOptions } from './LiveEngine.ts';

/** What a live run is configured with on the command line (the backtest's policy options, reused). */
export interface LiveSpec {
  readonly modelPath: string | null;
  readonly policy: 'taker' | 'maker';
  readonly threshold?: number;
  readonly qty?: number;
  readonly hold?: number;
  readonly fees?: string;
  readonly account?: number;
  readonly risk?: Partial<RiskLimits>;
}

/**
 * The engine's options for a spec: the same Strategy, model (ModelSignal inputs) and risk limits as a
 * backtest of the same spec would use (`strategyFromSpec`, `backtestModelFromArtifact`).
 */
export async function liveEngineParts(spec: LiveSpec): Promise<Pick<LiveEngineOptions, 'model' | 'strategy' | 'risk' | 'fees' | 'account'> & { artifact: ModelArtifact | null }> {
  const artifact = spec.modelPath === null ? null : await readModelArtifact(spec.modelPath);
  const bspec: BacktestSpec = {
    ...DEFAULT_BACKTEST_SPEC,
    policy: spec.policy,
    threshold: spec.threshold ?? DEFAULT_BACKTEST_SPEC.threshold,
    qty: spec.qty ?? DEFAULT_BACKTEST_SPEC.qty,
    hold: spec.hold,
  };
  const model: BacktestModel | null = artifact !== null && spec.modelPath !== null ? backtestModelFromArtifact(artifact, spec.modelPath) : null;
  return {
    artifact,
    model,
    strategy: strategyFromSpec(bspec, artifact),
    risk: { ...DEFAULT_RISK_LIMITS, ...(spec.risk ?? {}) },
    fees: parseFeeSpec(spec.fees ?? 'nasdaq'),
    account: spec.account ?? 7,
  };
}

export { lobsterInstrument };
