import type { DirectionLabelOptions, DirectionLabels, LabelProtocolName } from './DirectionLabel.ts';
import { FI2010_DEFAULT_ALPHA, fi2010Labels } from './Fi2010Labeling.ts';
import { kAheadLabels } from './KAheadLabeling.ts';
import { LOBCAST_DEFAULT_SIGMA, lobcastLabels } from './LobcastLabeling.ts';
import { TLOB_DEFAULT_SMOOTHING, tlobLabels } from './TlobLabeling.ts';

export interface LabelProtocol {
  readonly name: LabelProtocolName;
  /** One line: what the label compares. */
  readonly describe: string;
  /** Paper and code the definition follows. */
  readonly source: string;
  /** Defaults filled in when the option is absent. */
  readonly defaults: Readonly<Partial<Pick<DirectionLabelOptions, 'alpha' | 'sigma' | 'smoothing' | 'includeCurrent'>>>;
  /** Whether `fitRows` must be given (thresholds fitted on training data). */
  readonly needsFitRows: boolean;
  label(mid: Float64Array, options: DirectionLabelOptions): DirectionLabels;
}

/** The horizons the literature reports (events); any integer k >= 1 works. */
export const STANDARD_HORIZONS: readonly number[] = [1, 2, 3, 5, 10, 20, 50, 100];

export const LABEL_PROTOCOLS: Readonly<Record<LabelProtocolName, LabelProtocol>> = Object.freeze({
  fi2010: {
    name: 'fi2010',
    describe: 'mean of the next k mids vs the current mid, fixed threshold alpha',
    source: 'Ntakaris et al. 2018 (FI-2010); Zhang, Zohren & Roberts 2019 (DeepLOB)',
    defaults: { alpha: FI2010_DEFAULT_ALPHA },
    needsFitRows: false,
    label: fi2010Labels,
  },
  lobcast: {
    name: 'lobcast',
    describe: 'mean of the next k mids vs mean of the past k mids, thresholds mean ± sigma·std fitted on training rows',
    source: 'Prata et al. 2024 (LOBCAST), github.com/matteoprata/LOBCAST preprocessing_utils.py add_lob_labels',
    defaults: { sigma: LOBCAST_DEFAULT_SIGMA, includeCurrent: false },
    needsFitRows: true,
    label: lobcastLabels,
  },
  tlob: {
    name: 'tlob',
    describe: 'smoothed mid at t+k vs smoothed mid at t, alpha = half the mean |change| on training rows',
    source: 'Berti & Kasneci 2025 (TLOB), github.com/LeonardoBerti00/TLOB labeling()',
    defaults: { smoothing: TLOB_DEFAULT_SMOOTHING },
    needsFitRows: true,
    label: tlobLabels,
  },
  kahead: {
    name: 'kahead',
    describe: 'mid k events ahead vs the current mid, threshold alpha (0: any move)',
    source: 'fixed-horizon labelling (López de Prado 2018, AFML §3.2), events as the clock',
    defaults: { alpha: 0 },
    needsFitRows: false,
    label: kAheadLabels,
  },
});

export function isLabelProtocolName(name: string): name is LabelProtocolName {
  return Object.prototype.hasOwnProperty.call(LABEL_PROTOCOLS, name);
}

/** Labels mids with the named protocol; an unknown name is a RangeError listing the known ones. */
export function directionLabels(
  mid: Float64Array,
  options: DirectionLabelOptions & { readonly protocol: string },
): DirectionLabels {
  const { protocol } = options;
  if (!isLabelProtocolName(protocol)) {
    throw new RangeError(`unknown label protocol "${protocol}" (known: ${Object.keys(LABEL_PROTOCOLS).join(', ')})`);
  }
  return LABEL_PROTOCOLS[protocol].label(mid, options);
}
