import { uuidv7 } from '@metrodesk/events/model';
import { requireRole, type Identity } from '@metrodesk/access';
import type { Course } from '../domain/course';
import type { TrainingDeps } from './ports';

export interface CreateCourseInput {
  code: string;
  title: string;
  hours: number;
  topics?: string[];
}

/** The catalogue is province-wide; city managers may add to it too. */
export async function createCourse(deps: TrainingDeps, who: Identity, input: CreateCourseInput): Promise<Course> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const now = deps.now?.() ?? new Date();
  const course: Course = {
    id: uuidv7(now.getTime()),
    code: input.code,
    title: input.title.trim(),
    hours: input.hours,
    topics: [...new Set((input.topics ?? []).map((t) => t.trim()))],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.courses.insert(course);
  return course;
}
