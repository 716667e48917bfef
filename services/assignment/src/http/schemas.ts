import { z } from 'zod';
import { CATEGORIES } from '../domain/roster';

export const cityCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');
export const category = z.enum(CATEGORIES);
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const cityQuery = z.object({ cityCode: cityCode.optional() });
