import { Schema, type Connection, type Model } from 'mongoose';
import type { Course } from '../domain/course';

export type CourseDoc = Omit<Course, 'id'> & { _id: string };

export const COURSES = 'courses';

const courseSchema = new Schema<CourseDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    hours: { type: Number, required: true },
    topics: { type: [String], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: COURSES, versionKey: false, minimize: false },
);

export function courseModel(conn: Connection): Model<CourseDoc> {
  return (conn.models.Course as Model<CourseDoc> | undefined) ?? conn.model<CourseDoc>('Course', courseSchema);
}
