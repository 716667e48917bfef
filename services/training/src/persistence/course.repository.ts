import type { Connection } from 'mongoose';
import { isDuplicateKey, ModelRepository } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { Course } from '../domain/course';
import type { CourseRepository } from '../use-cases/ports';
import { courseModel, type CourseDoc } from './course.model';

const fromDoc = ({ _id, ...rest }: CourseDoc): Course => ({ id: _id, ...rest, topics: rest.topics ?? [] });

export class MongoCourseRepository extends ModelRepository<CourseDoc> implements CourseRepository {
  constructor(conn: Connection) {
    super(courseModel(conn));
  }

  async insert(c: Course): Promise<void> {
    const { id, ...rest } = c;
    try {
      await this.model.create({ _id: id, ...rest });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.model.findOne({ code: c.code }, { _id: 1 }).lean<{ _id: string }>().exec();
      throw new ConflictError('duplicate_course_code', `A course with code ${c.code} already exists.`, { existingId: existing?._id });
    }
  }

  async findById(id: string): Promise<Course | null> {
    const d = await this.model.findById(id).lean<CourseDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(): Promise<Course[]> {
    const docs = await this.model.find().sort({ code: 1 }).lean<CourseDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
