import { useI18n, type MessageKey } from '../i18n';
import { getEnterprise } from '../api/accounts';
import { listTypes, type QualificationType } from '../api/qualifications';
import { listCourses, type Course } from '../api/training';
import { useAsync } from '../lib/use-async';

// One request per enterprise shown, remembered for the session: lists name the same few often.
const names = new Map<string, Promise<string>>();

/** An enterprise by its name; while loading or if it cannot be read, a word, never its id. */
export function EnterpriseName({ id }: { id: string }) {
  const { t } = useI18n();
  const name = useAsync(() => {
    let p = names.get(id);
    if (!p) {
      p = getEnterprise(id).then((e) => e.name);
      p.catch(() => names.delete(id));
      names.set(id, p);
    }
    return p;
  }, [id]);
  return <>{name.data ?? (name.error ? t('names.enterpriseUnknown') : t('common.loading'))}</>;
}

let types: Promise<QualificationType[]> | undefined;
let courses: Promise<Course[]> | undefined;
const once = <T,>(load: () => Promise<T>, reset: () => void): Promise<T> => {
  const p = load();
  p.catch(reset);
  return p;
};

/** The qualification kinds (qualifications' list), read once a session. */
export function useQualificationTypes() {
  return useAsync(() => (types ??= once(async () => {
    const v = await listTypes();
    return Array.isArray(v) ? v : v.items;
  }, () => (types = undefined))), []);
}

/** Qualification kinds by name, in the user's language; `unknown`'s words for a kind not listed. */
export function useQualificationTypeName(unknown: MessageKey = 'names.qualificationUnknown'): (code: string) => string {
  const { t, lang } = useI18n();
  const s = useQualificationTypes();
  return (code) => {
    const hit = s.data?.find((x) => x.code === code);
    if (hit) return lang === 'en' && hit.nameEn ? hit.nameEn : hit.name;
    return s.data ? t(unknown) : t('common.loading');
  };
}

/** Courses by title (training's list); a word while it loads or if a code is unknown. */
export function useCourseTitle(): (code: string) => string {
  const { t } = useI18n();
  const s = useAsync(() => (courses ??= once(async () => (await listCourses()).items, () => (courses = undefined))), []);
  return (code) => s.data?.find((c) => c.code === code)?.title ?? (s.data ? t('names.courseUnknown') : t('common.loading'));
}
