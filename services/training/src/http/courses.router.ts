import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import { COURSE_CODE } from '../domain/course';
import type { TrainingDeps } from '../use-cases/ports';
import { createCourse } from '../use-cases/create-course';
import { getCourse } from '../use-cases/get-course';
import { listCourses } from '../use-cases/list-courses';
import { toCourseDto, type Api } from './dto';

export const createCourseBody = z
  .object({
    code: z.string().regex(COURSE_CODE, 'must be 2-12 capital letters and digits, starting with a letter'),
    title: z.string().trim().min(1).max(200),
    hours: z.number().positive().max(1000),
    topics: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  .strict();

checkContract<z.infer<typeof createCourseBody>, Api['CreateCourse']>(true);

export function coursesRouter(deps: TrainingDeps): Router {
  const r = Router();
  r.post('/courses', async (req, res) => {
    const c = await createCourse(deps, identityOf(req), parseWith(createCourseBody, req.body));
    res.status(201).location(`/courses/${c.id}`).json(toCourseDto(c));
  });
  r.get('/courses', async (_req, res) => {
    res.json({ items: (await listCourses(deps)).map(toCourseDto) });
  });
  r.get('/courses/:id', async (req, res) => {
    res.json(toCourseDto(await getCourse(deps, String(req.params.id))));
  });
  return r;
}
