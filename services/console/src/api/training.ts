// training branch: contracts/http/training.yaml
import { api } from './http';

export interface Course {
  id: string;
  code: string;
  title: string;
  hours: number;
}

export interface Session {
  id: string;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  courseHours: number;
  cityCode: string;
  startDate: string;
  endDate: string;
  organiser: { kind: 'bureau' | 'institute'; name: string };
  capacity: number;
  enrolled: number;
  place: string;
  status: 'scheduled' | 'completed';
}

export interface ScheduleSession {
  courseId: string;
  cityCode: string;
  startDate: string;
  endDate: string;
  organiser: { kind: 'bureau' | 'institute'; name: string };
  capacity: number;
  place: string;
}

export interface Enrolment {
  id: string;
  name: string;
  idNumberMasked: string;
  employerUscc: string;
  hours: number;
  result: 'pass' | 'fail' | 'absent' | 'pending';
  certificateNo: string | null;
  courseCode: string;
  sessionEndDate: string;
}

export const listCourses = () => api<{ items: Course[] }>('/training/courses');
export const createCourse = (body: { code: string; title: string; hours: number }) => api<Course>('/training/courses', { method: 'POST', body });
export const listSessions = (cityCode?: string) => api<{ items: Session[] }>('/training/sessions', { query: { cityCode } });
export const scheduleSession = (body: ScheduleSession) => api<Session>('/training/sessions', { method: 'POST', body });
export const trainedByEnterprise = (employerUscc: string) =>
  api<{ rows: { key: string; people: number; attendances: number; passed: number; hours: number }[] }>('/training/reports/trained', { query: { groupBy: 'course', employerUscc } });
