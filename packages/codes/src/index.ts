export * from './uscc';
export * from './regions';
