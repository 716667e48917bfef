import { useI18n } from '../i18n';
import { CodeOptions } from './ui';

// Liaoning's 14 cities (GB/T 2260); names come from the message files.
export const CITY_CODES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '210900', '211000', '211100', '211200', '211300', '211400'];

/** `label`: for a select with no visible <label> of its own (in a toolbar or a table cell). */
export function CitySelect({ value, onChange, allowEmpty = false, name, label }: { value: string; onChange: (v: string) => void; allowEmpty?: boolean; name?: string; label?: string }) {
  const { t } = useI18n();
  return (
    <select name={name} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowEmpty && <option value="">{t('common.none')}</option>}
      <CodeOptions codes={CITY_CODES} prefix="city" />
    </select>
  );
}
