import express, { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode, isoDate } from '@metrodesk/http';
import { ORGANISER_KINDS, SESSION_STATUSES } from '../domain/session';
import { RESULTS } from '../domain/enrolment';
import { CSV_TYPE, XLSX_TYPE, readSheet } from '../import/attendance-file';
import type { TrainingDeps } from '../use-cases/ports';
import { scheduleSession } from '../use-cases/schedule-session';
import { getSession } from '../use-cases/get-session';
import { listSessions } from '../use-cases/list-sessions';
import { completeSession } from '../use-cases/complete-session';
import { enrolPerson } from '../use-cases/enrol-person';
import { listEnrolments } from '../use-cases/list-enrolments';
import { recordAttendance } from '../use-cases/record-attendance';
import { importAttendance } from '../use-cases/import-attendance';
import { viewEnrolment } from '../use-cases/view-enrolment';
import { toEnrolmentDto, toSessionDto, type Api } from './dto';


export const scheduleSessionBody = z
  .object({
    courseId: z.string().min(1),
    cityCode: regionCode,
    startDate: isoDate,
    endDate: isoDate,
    organiser: z.object({ kind: z.enum(ORGANISER_KINDS), name: z.string().trim().min(1).max(200) }).strict(),
    capacity: z.number().int().min(1).max(10000),
    place: z.string().trim().min(1).max(300),
  })
  .strict();

export const enrolBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    idNumber: z.string().max(40),
    employerUscc: z.string().max(40),
  })
  .strict();

export const recordAttendanceBody = z
  .object({
    hours: z.number().min(0),
    result: z.enum(RESULTS),
    score: z.number().min(0).max(100).nullable().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

const sessionQuery = z.object({
  cityCode: regionCode.optional(),
  courseCode: z.string().optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

checkContract<z.infer<typeof scheduleSessionBody>, Api['ScheduleSession']>(true);
checkContract<z.infer<typeof enrolBody>, Api['Enrol']>(true);
checkContract<z.infer<typeof recordAttendanceBody>, Api['RecordAttendance']>(true);

export function sessionsRouter(deps: TrainingDeps, importLimit: string): Router {
  const r = Router();
  r.post('/sessions', async (req, res) => {
    const s = await scheduleSession(deps, identityOf(req), parseWith(scheduleSessionBody, req.body));
    res.status(201).location(`/sessions/${s.id}`).json(toSessionDto(s));
  });
  r.get('/sessions', async (req, res) => {
    const { limit, cursor, ...filter } = parseWith(sessionQuery, req.query, 'query');
    const page = await listSessions(deps, identityOf(req), filter, { limit, cursor });
    res.json({ items: page.items.map(toSessionDto), nextCursor: page.nextCursor });
  });
  r.get('/sessions/:id', async (req, res) => {
    res.json(toSessionDto(await getSession(deps, identityOf(req), String(req.params.id))));
  });
  r.post('/sessions/:id/complete', async (req, res) => {
    res.json(toSessionDto(await completeSession(deps, identityOf(req), String(req.params.id))));
  });
  r.post('/sessions/:id/enrolments', async (req, res) => {
    const who = identityOf(req);
    const e = await enrolPerson(deps, who, String(req.params.id), parseWith(enrolBody, req.body));
    res.status(201).json(toEnrolmentDto(viewEnrolment(deps, who, e)));
  });
  r.get('/sessions/:id/enrolments', async (req, res) => {
    res.json({ items: (await listEnrolments(deps, identityOf(req), String(req.params.id))).map(toEnrolmentDto) });
  });
  r.put('/sessions/:id/enrolments/:enrolmentId/attendance', async (req, res) => {
    const who = identityOf(req);
    const body = parseWith(recordAttendanceBody, req.body);
    const e = await recordAttendance(deps, who, String(req.params.id), String(req.params.enrolmentId), { ...body, score: body.score ?? null });
    res.json(toEnrolmentDto(viewEnrolment(deps, who, e)));
  });
  r.post('/sessions/:id/attendance/import', express.raw({ type: [CSV_TYPE, XLSX_TYPE], limit: importLimit }), async (req, res) => {
    const who = identityOf(req);
    // Check access before reading the file, so a caller who may not import learns nothing from parse errors.
    await getSession(deps, who, String(req.params.id));
    const table = await readSheet(req.header('content-type'), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    res.json(await importAttendance(deps, who, String(req.params.id), table));
  });
  return r;
}
