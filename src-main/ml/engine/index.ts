// The masked-GRU engine: the API the ML pipeline uses (see docs/engine.md and notes/ml-interface.md).
export type { BackendName, GruNetConfig, SeqBatch, Targets, AdamOptions, AdamState, NamedParam } from './types';
export { selectBackend, type EngineOptions } from './backend';
export { GruNet } from './gru-net';
