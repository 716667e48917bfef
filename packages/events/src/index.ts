export * from './envelope';
export * from './catalog';
export * from './kafka';
export * from './outbox-entry';
export * from './outbox';
export * from './consumer';
