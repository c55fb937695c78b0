import type { Command } from '../Command.ts';
import { bookVerifyCommand } from './bookVerify.ts';
import { convertCommand } from './convert.ts';
import { demoCommand } from './demo.ts';
import { datasetBuildCommand } from './datasetBuild.ts';
import { datasetSplitCommand } from './datasetSplit.ts';
import { trainCommand } from './train.ts';
import { predictCommand } from './predict.ts';
import { experimentLobCommand } from './experimentLob.ts';
import { queryCommand } from './query.ts';
import { netRoutesCommand } from './netRoutes.ts';
import { backtestCommand } from './backtest.ts';
import { experimentQualityCommand } from './experimentQuality.ts';
import { simCommand } from './sim.ts';
import { simCalibrateCommand } from './simCalibrate.ts';
import { cleanCommand } from './clean.ts';
import { experimentDefenceCommand } from './experimentDefence.ts';
import { liveCommand } from './live.ts';

/** Every `tachyon` command, in the order `tachyon --help` lists them. */
export const commands: readonly Command[] = [demoCommand, bookVerifyCommand, convertCommand, queryCommand, datasetBuildCommand, datasetSplitCommand, trainCommand, predictCommand, experimentLobCommand, backtestCommand, experimentQualityCommand, netRoutesCommand, simCommand, simCalibrateCommand, cleanCommand, experimentDefenceCommand, liveCommand];
