import { useState } from 'react';
import { useI18n } from '../../i18n';
import { getRules, listLiaisons, putRules, type CategoryRule, type Liaison, type Rules } from '../../api/assignment';
import { CATEGORIES } from '../../api/requests';
import { Async, ErrorBox, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
import { useToast } from '../../components/toast';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { useUser } from '../../lib/auth';
import { useAction } from '../../lib/use-action';

export function RoutingScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [city, setCity] = useState(user.cityCode ?? '210100');
  const rules = useAsync(() => getRules(city), [city]);
  const roster = useAsync(() => listLiaisons(city), [city]);
  const both = { data: rules.data && roster.data ? { rules: rules.data, roster: roster.data } : undefined, error: rules.error ?? roster.error, loading: rules.loading || roster.loading };
  return (
    <Section title={t('routing.title')} actions={user.role === 'city_manager' ? null : <CitySelect label={t('common.city')} value={city} onChange={setCity} />}>
      <Async state={both}>{({ rules: r, roster: people }) => <RulesForm key={`${r.cityCode}-${r.version}`} rules={r} roster={people} onSaved={rules.setData} />}</Async>
    </Section>
  );
}

function RulesForm({ rules, roster, onSaved }: { rules: Rules; roster: Liaison[]; onSaved: (r: Rules) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const byCat = new Map(rules.categories.map((c) => [c.category, c]));
  const [rows, setRows] = useState<CategoryRule[]>(CATEGORIES.map((c) => byCat.get(c) ?? { category: c }));
  const action = useAction();
  const set = (i: number, patch: Partial<CategoryRule>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = () =>
    action.run(async () => {
      const categories = rows
        .map((r) => ({ ...r, liaisonIds: r.liaisonIds?.filter(Boolean) }))
        .filter((r) => r.liaisonIds?.length || r.routeToCityCode)
        .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as unknown as CategoryRule);
      onSaved(await putRules(rules.cityCode, { version: rules.version, categories }));
      toast(t('common.saved'));
    });
  return (
    <>
      <DataTable
        testId="rules"
        rows={rows.map((r, i) => ({ r, i }))}
        rowKey={({ r }) => r.category}
        columns={[
          { head: t('routing.category'), cell: ({ r }) => t(`category.${r.category}`) },
          {
            head: t('routing.liaisons'),
            cell: ({ r, i }) => (
              <select
                multiple
                size={Math.min(4, Math.max(2, roster.length))}
                aria-label={t('routing.liaisonsFor', { category: t(`category.${r.category}`) })}
                value={r.liaisonIds ?? []}
                onChange={(e) => set(i, { liaisonIds: Array.from(e.target.selectedOptions, (o) => o.value) })}
              >
                {roster.map((l) => (
                  <option key={l.userId} value={l.userId}>
                    {l.name}
                  </option>
                ))}
                {(r.liaisonIds ?? [])
                  .filter((id) => !roster.some((l) => l.userId === id))
                  .map((id) => (
                    <option key={id} value={id}>
                      {t('routing.offRoster')}
                    </option>
                  ))}
              </select>
            ),
          },
          { head: t('routing.routeTo'), cell: ({ r, i }) => <CitySelect allowEmpty label={t('routing.routeToFor', { category: t(`category.${r.category}`) })} value={r.routeToCityCode ?? ''} onChange={(v) => set(i, { routeToCityCode: v || undefined })} /> },
        ]}
      />
      <ErrorBox error={action.error} />
      <button className="primary" onClick={() => void save()}>
        {t('common.save')}
      </button>
    </>
  );
}
