import { api } from '../../api/client';
import type { Contact, ContactMatch, Page } from '../../api/types';

export const contactKeys = {
  all: ['contacts'] as const,
  list: (params: unknown) => ['contacts', 'list', params] as const,
};

export function listContacts(params: Record<string, string | number | undefined>) {
  return api.get<Page<Contact>>('/contacts', params);
}

export function findContactDuplicates(body: { mobile?: string; email?: string; excludeId?: string }) {
  return api.post<{ matches: ContactMatch[] }>('/contacts/duplicates', body);
}
