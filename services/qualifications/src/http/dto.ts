import type { http } from '@metrodesk/contracts';
import type { QualificationFile } from '../domain/qualification';
import type { PersonView } from '../use-cases/get-person';

export type Api = http.qualifications.components['schemas'];

export function toFileDto(f: QualificationFile): Api['QualificationFile'] {
  return {
    ...f,
    history: f.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

export function toPersonDto(p: PersonView): Api['Person'] {
  return { ...p, files: p.files.map(toFileDto) };
}
