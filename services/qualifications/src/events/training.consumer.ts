import { handlerMap, on, type HandlerMap } from '@metrodesk/events';
import { attendanceRecorded, certificateIssued } from '@metrodesk/contracts';
import type { QualificationsDeps } from '../use-cases/ports';
import { recordTraining } from '../use-cases/record-training';

/** Training facts the prerequisite check needs; the data was validated against the catalog already. */
export function trainingHandlers(deps: Pick<QualificationsDeps, 'training'>): HandlerMap {
  return handlerMap(
    on(attendanceRecorded, async (e) => {
      const d = e.data;
      await recordTraining(deps, { kind: 'attendance', personKey: d.personKey, courseCode: d.courseCode, sessionId: d.sessionId, employerUscc: d.employerUscc, result: d.result, date: d.date, eventTime: e.time });
    }),
    on(certificateIssued, async (e) => {
      const d = e.data;
      await recordTraining(deps, { kind: 'certificate', personKey: d.personKey, courseCode: d.courseCode, sessionId: d.sessionId, employerUscc: d.employerUscc, certificateNo: d.certificateNo, issuedOn: d.issuedOn });
    }),
  );
}
