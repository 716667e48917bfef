import type { Identity } from '@metrodesk/access';
import { decryptId } from '@metrodesk/privacy';
import type { Enrolment } from '../domain/enrolment';
import { canSeeIdNumber } from '../domain/visibility';
import type { TrainingDeps } from './ports';

export type EnrolmentView = Omit<Enrolment, 'idCipher' | 'idLast4'> & { idNumberMasked: string; idNumber?: string };

/** What a caller may see of an enrolment: the ID number decrypted only for the roles allowed to. */
export function viewEnrolment(deps: Pick<TrainingDeps, 'privacy'>, who: Identity, e: Enrolment): EnrolmentView {
  const { idCipher, idLast4, ...rest } = e;
  const view: EnrolmentView = { ...rest, idNumberMasked: '*'.repeat(14) + idLast4 };
  if (canSeeIdNumber(who, e.cityCode)) view.idNumber = decryptId(deps.privacy.encryptionKey, idCipher);
  return view;
}
