/** The customer simulator: reusable by the CLI (`npm run simulate`), the hub benchmark and tests. */
export { SimulatedCustomer, DEFAULT_CUSTOMER_BEHAVIOUR, type CustomerBehaviour, type CustomerOptions, type Arrival } from './customer';
export { SimulatedAgent, DEFAULT_AGENT_BEHAVIOUR, loginAgent, type AgentBehaviour, type AgentOptions } from './agent';
export { Outbox, type AckTransport, type OutgoingMessage, type OutboxOptions } from './outbox';
export { loadQuestionBank, parseQuestionBank, chooseAnswer, AGENT_TEXTS, type Question, type QuestionBank } from './bank';
export { createStats, formatStats, type SimStats } from './stats';
export { createRng, deriveSeed, pick, between, type Rng } from './random';
export { monotonicMs } from './connection';
export { runSimulation, type SimulationOptions, type SimulationResult } from './run';
