export * from './csv';
export * from './limits';
export * from './xlsx-guard';
