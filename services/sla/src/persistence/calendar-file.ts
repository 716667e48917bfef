import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarSchema, type Calendar } from '../domain/calendar';

/** The State Council arrangements for 2025 and 2026; later years are loaded through the API. */
export const SHIPPED_CALENDAR = join(__dirname, '..', '..', 'data', 'calendar-cn.json');

/** Reads a calendar in the documented JSON format; a bad file stops the start with the reason. */
export function loadCalendarFile(file: string): Calendar {
  return calendarSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
