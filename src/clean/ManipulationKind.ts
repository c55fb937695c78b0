/**
 * The kinds of market abuse and bad data the simulator injects (with ground truth) and the detectors
 * look for. The string values are what files and JSON carry.
 */
export const ManipulationKind = {
  Spoof: 'spoof',
  Layer: 'layer',
  Wash: 'wash',
  Stuff: 'stuff',
  Ignite: 'ignite',
  BadData: 'bad-data',
} as const;
export type ManipulationKind = (typeof ManipulationKind)[keyof typeof ManipulationKind];

export const MANIPULATION_KINDS: readonly ManipulationKind[] = Object.values(ManipulationKind);

export function isManipulationKind(s: string): s is ManipulationKind {
  return (MANIPULATION_KINDS as readonly string[]).includes(s);
}
