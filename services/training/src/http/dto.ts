import type { http } from '@metrodesk/contracts';
import type { Course } from '../domain/course';
import type { Session } from '../domain/session';
import type { EnrolmentView } from '../use-cases/view-enrolment';

export type Api = http.training.components['schemas'];

export function toCourseDto(c: Course): Api['Course'] {
  return { ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

export function toSessionDto(s: Session): Api['Session'] {
  return { ...s, completedAt: s.completedAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

export function toEnrolmentDto(e: EnrolmentView): Api['Enrolment'] {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}
