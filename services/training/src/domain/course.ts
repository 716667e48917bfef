export const COURSE_CODE = /^[A-Z][A-Z0-9]{1,11}$/;

export interface Course {
  id: string;
  code: string;
  title: string;
  hours: number;
  topics: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
