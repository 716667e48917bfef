import { handlerMap, on } from '@metrodesk/events';
import { fileExpired, fileExpiring, fileFiled, fileRenewed, fileReinstated, fileRevoked, fileSuspended, QUALIFICATION_TOPIC } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import type { QualificationFile } from '../domain/qualification';
import { learnQualification } from '../use-cases/learn-qualification';

export const QUALIFICATION_TOPICS = [QUALIFICATION_TOPIC];

/** The qualification files projection: every file event carries the whole file as of its version. */
export function qualificationsHandlers(deps: RequestsDeps) {
  const learn = async (e: { time: string; data: Parameters<typeof toFile>[0] }) => {
    await learnQualification(deps, toFile(e.data), new Date(e.time));
  };
  return handlerMap(...[fileFiled, fileRenewed, fileExpiring, fileExpired, fileRevoked, fileSuspended, fileReinstated].map((d) => on(d, learn)));
}

/** Older events may lack the employer's name and city. */
function toFile(d: Omit<QualificationFile, 'employerName' | 'cityCode'> & { employerName?: string | null; cityCode?: string | null }): QualificationFile {
  return { ...d, employerName: d.employerName ?? null, cityCode: d.cityCode ?? null };
}
