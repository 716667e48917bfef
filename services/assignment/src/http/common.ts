import { z } from 'zod';
import { isoDate, regionCode } from '@metrodesk/http';
import { CATEGORIES } from '../domain/roster';

export const cityCode = regionCode;
export const category = z.enum(CATEGORIES);
export const date = isoDate;
export const cityQuery = z.object({ cityCode: cityCode.optional() });
