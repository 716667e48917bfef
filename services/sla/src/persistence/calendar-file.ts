import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarSchema, type Calendar } from '../domain/calendar';

export const SAMPLE_CALENDAR = join(__dirname, '..', '..', 'data', 'calendar-cn-2026.json');

/** Reads a calendar in the documented JSON format; a bad file stops the start with the reason. */
export function loadCalendarFile(file: string): Calendar {
  return calendarSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
