// The shared field shapes have one source, the contracts; the HTTP edge offers them with the rest of its kit.
export { isoDate, regionCode } from '@metrodesk/contracts';
