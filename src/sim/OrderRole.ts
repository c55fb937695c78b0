/**
 * What an order was for, recorded next to the ground truth (a refinement of it: the ground truth labels
 * every order a manipulator sends in an episode with the manipulation kind).
 * - Honest: an order of an honest agent.
 * - Deceptive: the manipulative leg itself (a spoof or layer order, a stuffing add, both sides of a wash
 *   trade, the aggressive run of a momentum igniter).
 * - Genuine: the manipulator's real trading that the deception serves (the spoofer's and layerer's order
 *   on the other side, the igniter's unwind).
 */
export const OrderRole = { Honest: 0, Deceptive: 1, Genuine: 2 } as const;
export type OrderRole = (typeof OrderRole)[keyof typeof OrderRole];

export const ORDER_ROLE_NAMES: readonly string[] = ['honest', 'deceptive', 'genuine'];
