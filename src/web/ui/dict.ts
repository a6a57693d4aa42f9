import { useTranslation } from 'react-i18next';
import type { DictEntry } from '../../shared/dictionaries';

export function dictLabel(dict: DictEntry[], key: string | null | undefined, lang: string): string {
  if (key == null || key === '') return '';
  const e = dict.find((d) => d.key === key);
  if (!e) return key;
  return lang === 'en' ? e.en : e.zh;
}

/**
 * A Select's search over what it shows and, for dictionary options, the other language's label too: someone on the
 * English page who types 广东 still finds Guangdong. Options without `search` match by their label alone.
 */
export const bilingualSearch = { optionFilterProp: ['label', 'search'] };

/** Labels and Select options of a shared dictionary in the current language. */
export function useDict() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    label: (dict: DictEntry[], key: string | null | undefined) => dictLabel(dict, key, lang),
    options: (dict: DictEntry[]) => dict.map((d) => ({ value: d.key, label: lang === 'en' ? d.en : d.zh, search: `${d.zh} ${d.en}` })),
  };
}
