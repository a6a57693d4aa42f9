import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'baton.lang';

function initialLanguage(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export function currentLanguage(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch { /* private mode: the switch still works for this tab */ }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** Shared zod messages read "中文 / English"; show the half for the current language. */
export function localizeMessage(message: string): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return currentLanguage() === 'en' ? parts[1] : parts[0];
}

export default i18n;
