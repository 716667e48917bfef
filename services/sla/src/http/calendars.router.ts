import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import { ValidationError } from '@metrodesk/errors';
import { calendarSchema, yearNoticeSchema } from '../domain/calendar';
import type { SlaDeps } from '../use-cases/ports';
import { saveCalendar } from '../use-cases/save-calendar';
import { readCalendars } from '../use-cases/read-calendars';
import { saveCalendarYear } from '../use-cases/save-calendar-year';
import { toCalendarDto, type Api } from './dto';

// The file format and the API body are one schema.
checkContract<z.input<typeof calendarSchema>, Api['CalendarInput']>(true);
checkContract<z.input<typeof yearNoticeSchema>, Api['YearNotice']>(true);

const yearParams = z.object({ id: z.string().min(1), year: z.coerce.number().int().min(2000).max(2100) });

export function calendarsRouter(deps: SlaDeps): Router {
  const r = Router();
  r.get('/calendars', async (req, res) => {
    const items = await readCalendars(deps, identityOf(req));
    res.json({ items: items.map(toCalendarDto) } satisfies Api['CalendarList']);
  });
  r.get('/calendars/:id', async (req, res) => {
    const [cal] = await readCalendars(deps, identityOf(req), String(req.params.id));
    res.json(toCalendarDto(cal!));
  });
  r.put('/calendars/:id', async (req, res) => {
    const body = parseWith(calendarSchema, req.body);
    if (body.id !== req.params.id) throw new ValidationError([{ path: 'id', message: `must match the path (${String(req.params.id)})` }]);
    const saved = await saveCalendar(deps, identityOf(req), body);
    const [withCoverage] = await readCalendars(deps, identityOf(req), saved.id);
    res.json(toCalendarDto(withCoverage!));
  });
  r.put('/calendars/:id/years/:year', async (req, res) => {
    const p = parseWith(yearParams, req.params, 'params');
    const body = parseWith(yearNoticeSchema, req.body);
    await saveCalendarYear(deps, identityOf(req), p.id, p.year, body);
    const [withCoverage] = await readCalendars(deps, identityOf(req), p.id);
    res.json(toCalendarDto(withCoverage!));
  });
  return r;
}
