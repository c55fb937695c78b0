import { describe, expect, it } from 'vitest';
import { classBalance } from './ClassBalance.ts';

describe('classBalance', () => {
  it('counts classes and gives fractions of the labelled samples', () => {
    const b = classBalance(Uint8Array.from([0, 1, 1, 2, 255, 255, 2, 2]));
    expect(b).toEqual({
      down: 1,
      stationary: 2,
      up: 3,
      unlabeled: 2,
      total: 8,
      labelled: 6,
      fractions: { down: 1 / 6, stationary: 2 / 6, up: 3 / 6 },
    });
  });

  it('reports zero fractions when nothing is labelled', () => {
    expect(classBalance(Uint8Array.from([255, 255])).fractions).toEqual({ down: 0, stationary: 0, up: 0 });
  });
});
