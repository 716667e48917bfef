import { useState } from 'react';
import { useI18n } from '../../i18n';
import { getRules, putRules, type CategoryRule, type Rules } from '../../api/assignment';
import { CATEGORIES } from '../../api/requests';
import { Async, ErrorBox, Notice, Section } from '../../components/ui';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { useUser } from '../../lib/auth';

export function RoutingScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [city, setCity] = useState(user.cityCode ?? '210100');
  const rules = useAsync(() => getRules(city), [city]);
  return (
    <Section title={t('routing.title')} actions={user.role === 'city_manager' ? null : <CitySelect value={city} onChange={setCity} />}>
      <Async state={rules}>{(r) => <RulesForm key={`${r.cityCode}-${r.version}`} rules={r} onSaved={rules.setData} />}</Async>
    </Section>
  );
}

function RulesForm({ rules, onSaved }: { rules: Rules; onSaved: (r: Rules) => void }) {
  const { t } = useI18n();
  const byCat = new Map(rules.categories.map((c) => [c.category, c]));
  const [rows, setRows] = useState<CategoryRule[]>(CATEGORIES.map((c) => byCat.get(c) ?? { category: c }));
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState(false);
  const set = (i: number, patch: Partial<CategoryRule>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setError(undefined);
    setOk(false);
    try {
      const categories = rows
        .map((r) => ({ ...r, liaisonIds: r.liaisonIds?.filter(Boolean) }))
        .filter((r) => r.liaisonIds?.length || r.routeToCityCode)
        .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as unknown as CategoryRule);
      onSaved(await putRules(rules.cityCode, { version: rules.version, categories }));
      setOk(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <table className="table" data-testid="rules">
        <thead>
          <tr>
            <th>{t('routing.category')}</th>
            <th>{t('routing.liaisons')}</th>
            <th>{t('routing.routeTo')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.category}>
              <td data-label={t('routing.category')}>{t(`category.${r.category}`)}</td>
              <td data-label={t('routing.liaisons')}>
                <input value={(r.liaisonIds ?? []).join(',')} onChange={(e) => set(i, { liaisonIds: e.target.value.split(/[,，\s]+/) })} />
              </td>
              <td data-label={t('routing.routeTo')}>
                <CitySelect allowEmpty value={r.routeToCityCode ?? ''} onChange={(v) => set(i, { routeToCityCode: v || undefined })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorBox error={error} />
      {ok && <Notice>{t('common.saved')}</Notice>}
      <button className="primary" onClick={save}>
        {t('common.save')}
      </button>
    </>
  );
}
