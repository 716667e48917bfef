export * from './envelope';
export * from './catalog';
export * from './kafka';
export * from './outbox';
export * from './consumer';
