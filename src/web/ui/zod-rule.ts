import type { FormRule as Rule } from 'antd';
import type { ZodType } from 'zod';
import i18n, { localizeMessage } from '../i18n';

interface Issue { code: string; message: string; maximum?: number | bigint; minimum?: number | bigint }

/** One zod issue as a sentence in the current language: our own messages carry both languages, zod's do not. */
export function issueMessage(issue: Issue): string {
  if (issue.message.includes(' / ')) return localizeMessage(issue.message);
  if (issue.code === 'too_big' && issue.maximum != null) return i18n.t('validation.max', { max: String(issue.maximum) });
  if (issue.code === 'too_small' && issue.minimum != null) return i18n.t('validation.min', { min: String(issue.minimum) });
  return i18n.t('validation.invalid');
}

/** An antd Form rule that runs a shared zod schema on non-empty values (emptiness is the `required` rule's job). */
export function zodRule(schema: ZodType): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(issueMessage(result.error.issues[0] as Issue));
    },
  };
}
