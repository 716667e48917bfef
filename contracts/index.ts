export * from './events';
export type * as http from './generated';
