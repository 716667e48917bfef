// training branch: contracts/http/training.yaml
import { api } from './http';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/training.yaml, generated: a contract change breaks this build. */
type Schemas = http.training.components['schemas'];

export type Course = Schemas['Course'];
export type Session = Schemas['Session'];
export type ScheduleSession = Schemas['ScheduleSession'];
export type Enrolment = Schemas['Enrolment'];

export const listCourses = () => api<{ items: Course[] }>('/training/courses');
export const createCourse = (body: { code: string; title: string; hours: number }) => api<Course>('/training/courses', { method: 'POST', body });
export const listSessions = (cityCode?: string) => api<{ items: Session[] }>('/training/sessions', { query: { cityCode } });
export const scheduleSession = (body: ScheduleSession) => api<Session>('/training/sessions', { method: 'POST', body });
export const trainedByEnterprise = (employerUscc: string) =>
  api<{ rows: { key: string; people: number; attendances: number; passed: number; hours: number }[] }>('/training/reports/trained', { query: { groupBy: 'course', employerUscc } });
