import { z } from 'zod';
import type { FieldProblem } from '@metrodesk/errors';
import { isoDate, regionCode } from '@metrodesk/contracts';

/**
 * One row of a bulk filing sheet. Column headers may be the English field names or the
 * Chinese headings archive staff use; scope lists instrument classes separated by ; or 、.
 */
export const IMPORT_COLUMNS: Record<string, string[]> = {
  name: ['name', '姓名'],
  idNumber: ['idNumber', '身份证号', '身份证号码'],
  type: ['type', '资格类型', '类型'],
  scope: ['scope', '范围', '资格范围'],
  certificateNo: ['certificateNo', '证书编号', '证书号'],
  issuingAuthority: ['issuingAuthority', '发证机关'],
  issuedOn: ['issuedOn', '发证日期'],
  expiresOn: ['expiresOn', '有效期至', '到期日期'],
  employerUscc: ['employerUscc', '统一社会信用代码', '单位统一社会信用代码'],
  employerName: ['employerName', '单位名称', '工作单位'],
  cityCode: ['cityCode', '城市代码'],
  archiveBox: ['archiveBox', '档案盒号'],
  archiveNumber: ['archiveNumber', '档案号'],
};

/** Maps a sheet's header cells to field names; unknown headers are ignored. */
export function mapHeaders(headers: string[]): (string | null)[] {
  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(IMPORT_COLUMNS)) for (const n of names) lookup.set(n.trim().toLowerCase(), field);
  return headers.map((h) => lookup.get(h.trim().toLowerCase()) ?? null);
}

const required = () => z.string({ error: 'is required' }).trim();
const text = (max: number) => required().min(1, 'is required').max(max);
// Cells arrive with stray spaces; the date and region shapes are the contracts' own.
const date = required().pipe(isoDate);

export const importRowSchema = z.object({
  name: text(100),
  idNumber: text(40),
  type: text(50),
  scope: z
    .string()
    .optional()
    .transform((s) => (s ?? '').split(/[;；、]/).map((x) => x.trim()).filter(Boolean)),
  certificateNo: text(100),
  issuingAuthority: text(200),
  issuedOn: date,
  expiresOn: date,
  employerUscc: required().length(18, 'must be 18 characters'),
  employerName: text(200),
  cityCode: z.string().trim().pipe(regionCode).optional(),
  archiveBox: z.string().trim().max(50).optional(),
  archiveNumber: z.string().trim().max(50).optional(),
});

export type ImportRow = z.infer<typeof importRowSchema>;

export type RowParse = { ok: true; row: ImportRow } | { ok: false; errors: FieldProblem[] };

export function parseImportRow(cells: Record<string, string | undefined>): RowParse {
  const present = Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const r = importRowSchema.safeParse(present);
  if (r.success) return { ok: true, row: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(row)', message: i.message })) };
}
