/**
 * The indexes an unordered insertMany refused for a taken unique key; any other failure is thrown on.
 * The driver reports one write error as an object and several as a list.
 */
export function duplicateIndexes(err: unknown): number[] {
  const writeErrors = (err as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0 || list.some((w) => w.code !== 11000)) throw err;
  return list.map((w) => w.index);
}
