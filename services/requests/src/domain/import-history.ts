import { z } from 'zod';
import { CLOSE_OUTCOMES, IMPORTED_STATES, PRIORITIES, REQUEST_CATEGORIES, SOLUTION_KINDS } from '@metrodesk/contracts';
import type { FieldProblem } from '@metrodesk/errors';
import type { Lang } from './words';

/**
 * Past requests a bureau brings in from its earlier system: each already resolved or closed,
 * with its own dates. Pure: one row in, the request's history or the row's problems out, each
 * naming the row (1-based, as a person counts them) and the column in the reader's language.
 */
export const IMPORT_COLUMNS = [
  'externalRef',
  'enterpriseId',
  'category',
  'title',
  'description',
  'priority',
  'filedAt',
  'respondedAt',
  'resolvedAt',
  'solved',
  'solutionKind',
  'solutionText',
  'state',
  'closedAt',
  'satisfaction',
  'instrumentsVerified',
  'freeOfCharge',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const IMPORT_COLUMN_WORDS: Record<ImportColumn, Record<Lang, string>> = {
  externalRef: { 'zh-CN': '原系统编号', en: 'Reference in the earlier system' },
  enterpriseId: { 'zh-CN': '企业', en: 'Enterprise' },
  category: { 'zh-CN': '服务类别', en: 'Category' },
  title: { 'zh-CN': '标题', en: 'Title' },
  description: { 'zh-CN': '描述', en: 'Description' },
  priority: { 'zh-CN': '紧急程度', en: 'Priority' },
  filedAt: { 'zh-CN': '提交时间', en: 'Filed at' },
  respondedAt: { 'zh-CN': '首次响应时间', en: 'First response at' },
  resolvedAt: { 'zh-CN': '办结时间', en: 'Resolved at' },
  solved: { 'zh-CN': '问题是否解决', en: 'Problem solved' },
  solutionKind: { 'zh-CN': '解决方式', en: 'Kind of solution' },
  solutionText: { 'zh-CN': '解决情况', en: 'Solution' },
  state: { 'zh-CN': '状态', en: 'State' },
  closedAt: { 'zh-CN': '关闭时间', en: 'Closed at' },
  satisfaction: { 'zh-CN': '满意度评分', en: 'Satisfaction score' },
  instrumentsVerified: { 'zh-CN': '检定器具', en: 'Instruments verified' },
  freeOfCharge: { 'zh-CN': '是否免费', en: 'Free of charge' },
};

/** At most this many rows per import: a city's year of requests fits well inside. */
export const MAX_IMPORT_ROWS = 5000;

const dateTime = z.iso.datetime({ offset: true });
export const importRowSchema = z
  .object({
    externalRef: z.string().trim().min(1).max(64),
    enterpriseId: z.string().min(1),
    category: z.enum(REQUEST_CATEGORIES),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    priority: z.enum(PRIORITIES).optional(),
    filedAt: dateTime,
    respondedAt: dateTime.nullable().optional(),
    resolvedAt: dateTime,
    solved: z.boolean(),
    solutionKind: z.enum(SOLUTION_KINDS),
    solutionText: z.string().max(5000).optional(),
    state: z.enum(IMPORTED_STATES),
    closedAt: dateTime.nullable().optional(),
    satisfaction: z.number().int().min(1).max(5).nullable().optional(),
    instrumentsVerified: z.array(z.object({ class: z.string().trim().min(1).max(64), count: z.number().int().positive().max(1_000_000) }).strict()).max(50).optional(),
    freeOfCharge: z.boolean().optional(),
  })
  .strict();
export type ImportRowInput = z.infer<typeof importRowSchema>;

export interface ImportedHistory {
  externalRef: string;
  enterpriseId: string;
  category: ImportRowInput['category'];
  title: string;
  description: string;
  priority: NonNullable<ImportRowInput['priority']>;
  filedAt: Date;
  respondedAt: Date | null;
  resolvedAt: Date;
  solved: boolean;
  solutionKind: ImportRowInput['solutionKind'];
  solutionText: string;
  state: ImportRowInput['state'];
  closedAt: Date | null;
  satisfaction: number | null;
  /** A closed request's verdict: a score of 3 or more is satisfied; no score means nobody answered. */
  satisfied: boolean | null;
  outcome: (typeof CLOSE_OUTCOMES)[number] | null;
  instrumentsVerified: { class: string; count: number }[];
  freeOfCharge: boolean;
}

const M = {
  required: { 'zh-CN': '必填', en: 'is required' },
  invalid: { 'zh-CN': '格式不正确', en: 'is not valid' },
  unknownColumn: { 'zh-CN': '不是可导入的列', en: 'is not a column this import takes' },
  dateTime: { 'zh-CN': '应为带时区的日期时间，如 2025-03-14T09:30:00+08:00', en: 'must be a date and time with its offset, e.g. 2025-03-14T09:30:00+08:00' },
  oneOf: { 'zh-CN': '应为以下之一：', en: 'must be one of: ' },
  notBefore: { 'zh-CN': '不能早于', en: 'cannot be before' },
  future: { 'zh-CN': '不能晚于导入时间', en: 'cannot be later than now' },
  closedNeeds: { 'zh-CN': '状态为已关闭时必填', en: 'is required when the state is closed' },
  resolvedHasNo: { 'zh-CN': '状态为已办结时应为空', en: 'must be empty when the state is resolved' },
  duplicate: { 'zh-CN': '与第 {row} 行重复', en: 'repeats row {row}' },
} as const;

/** A problem with one cell, said in the reader's language: 第3行「提交时间」：… / Row 3, Filed at: … */
export function cellProblem(row: number, column: string, message: string, lang: Lang): FieldProblem {
  const heading = (IMPORT_COLUMN_WORDS as Record<string, Record<Lang, string>>)[column]?.[lang] ?? column;
  const text = lang === 'en' ? `Row ${row}, ${heading}: ${message}` : `第 ${row} 行「${heading}」：${message}`;
  return { path: `rows.${row}.${column}`, message: text };
}

function zodMessage(issue: z.core.$ZodIssue, raw: unknown, lang: Lang): string {
  const cell = issue.path[0] !== undefined && raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[String(issue.path[0])] : undefined;
  if (issue.code === 'invalid_type' && cell === undefined) return M.required[lang];
  if (issue.code === 'unrecognized_keys') return M.unknownColumn[lang];
  if (issue.code === 'invalid_value') return `${M.oneOf[lang]}${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return M.dateTime[lang];
  if (issue.code === 'too_small' && issue.origin === 'string') return M.required[lang];
  return `${M.invalid[lang]} (${issue.message})`;
}

/** One row checked on its own (not against the database): its history, or every problem it has. */
export function parseImportRow(raw: unknown, row: number, now: Date, lang: Lang): { ok: true; value: ImportedHistory } | { ok: false; problems: FieldProblem[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: [cellProblem(row, 'row', M.invalid[lang], lang)] };
  const parsed = importRowSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => cellProblem(row, k, zodMessage(i, raw, lang), lang)) : [cellProblem(row, String(i.path[0] ?? 'row'), zodMessage(i, raw, lang), lang)],
    );
    return { ok: false, problems };
  }
  const d = parsed.data;
  const problems: FieldProblem[] = [];
  const at = (s: string | null | undefined) => (s ? new Date(s) : null);
  const filedAt = new Date(d.filedAt);
  const respondedAt = at(d.respondedAt);
  const resolvedAt = new Date(d.resolvedAt);
  const closedAt = at(d.closedAt);
  const heading = (c: ImportColumn) => IMPORT_COLUMN_WORDS[c][lang];
  // Each date follows the one before it: filed, first response, resolved, closed.
  const chain: [ImportColumn, Date | null][] = [['filedAt', filedAt], ['respondedAt', respondedAt], ['resolvedAt', resolvedAt], ['closedAt', closedAt]];
  let prev: [ImportColumn, Date] | null = null;
  for (const [col, value] of chain) {
    if (!value) continue;
    if (value.getTime() > now.getTime()) problems.push(cellProblem(row, col, M.future[lang], lang));
    if (prev && value.getTime() < prev[1].getTime()) problems.push(cellProblem(row, col, `${M.notBefore[lang]}${lang === 'en' ? ' ' : ''}${heading(prev[0])}`, lang));
    prev = [col, value];
  }
  if (d.state === 'closed' && !closedAt) problems.push(cellProblem(row, 'closedAt', M.closedNeeds[lang], lang));
  if (d.state === 'resolved' && closedAt) problems.push(cellProblem(row, 'closedAt', M.resolvedHasNo[lang], lang));
  if (d.state === 'resolved' && d.satisfaction != null) problems.push(cellProblem(row, 'satisfaction', M.resolvedHasNo[lang], lang));
  if (problems.length > 0) return { ok: false, problems };
  const closed = d.state === 'closed';
  const satisfaction = closed ? (d.satisfaction ?? null) : null;
  return {
    ok: true,
    value: {
      externalRef: d.externalRef,
      enterpriseId: d.enterpriseId,
      category: d.category,
      title: d.title,
      description: d.description ?? d.title,
      priority: d.priority ?? 'normal',
      filedAt,
      respondedAt,
      resolvedAt,
      solved: d.solved,
      solutionKind: d.solutionKind,
      solutionText: d.solutionText ?? '',
      state: d.state,
      closedAt,
      satisfaction,
      satisfied: closed && satisfaction !== null ? satisfaction >= 3 : null,
      outcome: closed ? (satisfaction !== null ? 'satisfied' : 'no_answer') : null,
      instrumentsVerified: d.instrumentsVerified ?? [],
      freeOfCharge: d.freeOfCharge ?? false,
    },
  };
}

/** A second row with the same reference in one file: named on the later row. */
export function duplicateProblem(row: number, firstRow: number, lang: Lang): FieldProblem {
  return cellProblem(row, 'externalRef', M.duplicate[lang].replace('{row}', String(firstRow)), lang);
}
