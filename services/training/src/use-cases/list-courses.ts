import type { Course } from '../domain/course';
import type { TrainingDeps } from './ports';

export function listCourses(deps: TrainingDeps): Promise<Course[]> {
  return deps.courses.list();
}
