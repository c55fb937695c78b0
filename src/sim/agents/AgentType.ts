/** The kinds of simulated traders; the string values are what ground truth and label files carry. */
export const AgentType = {
  MarketMaker: 'market-maker',
  Noise: 'noise',
  Fundamental: 'fundamental',
  Momentum: 'momentum',
  Informed: 'informed',
  Spoofer: 'spoofer',
  Layerer: 'layerer',
  WashTrader: 'wash-trader',
  QuoteStuffer: 'quote-stuffer',
  MomentumIgniter: 'momentum-igniter',
} as const;
export type AgentType = (typeof AgentType)[keyof typeof AgentType];

/** Every agent type, in a fixed order: the code table of label files (code = index). */
export const AGENT_TYPES: readonly AgentType[] = Object.values(AgentType);
