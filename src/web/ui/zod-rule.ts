import type { FormRule as Rule } from 'antd';
import type { ZodType } from 'zod';
import i18n, { localizeMessage } from '../i18n';

/** One zod issue as a sentence in the current language: every message carries both (shared/zod-messages.ts). */
export function issueMessage(issue: { message: string }): string {
  return issue.message.includes(' / ') ? localizeMessage(issue.message) : i18n.t('validation.invalid');
}

/** An antd Form rule that runs a shared zod schema on non-empty values (emptiness is the `required` rule's job). */
export function zodRule(schema: ZodType): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(issueMessage(result.error.issues[0]));
    },
  };
}
