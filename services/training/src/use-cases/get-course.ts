import { NotFoundError } from '@metrodesk/errors';
import type { Course } from '../domain/course';
import type { TrainingDeps } from './ports';

export async function getCourse(deps: TrainingDeps, id: string): Promise<Course> {
  const c = await deps.courses.findById(id);
  if (!c) throw new NotFoundError('course', id);
  return c;
}
