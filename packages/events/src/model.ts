// The events model without its transport: envelopes, ids, definitions and outbox entries.
// Domain and use-case code import this entry alone, so that they load neither kafkajs nor
// mongoose (lint enforces it); the full entry adds the producer, consumer and relay.
export * from './envelope';
export * from './catalog';
export * from './outbox-entry';
