export * from './csv';
export * from './limits';
export * from './xlsx-guard';
export * from './xlsx-read';
export * from './table-import';
