import { useI18n } from '../i18n';
import { getEnterprise } from '../api/accounts';
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
