import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { CustomField, Items, UserOption } from '../api/types';

export function useUserOptions() {
  return useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => api.get<Items<UserOption>>('/users/options'),
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

export function useCustomFields(entity: 'account' | 'contact', includeArchived = false) {
  return useQuery({
    queryKey: ['custom-fields', entity, includeArchived],
    queryFn: () => api.get<Items<CustomField>>('/custom-fields', { entity, includeArchived: includeArchived || undefined }),
    staleTime: 60_000,
    select: (d) => [...d.items].sort((a, b) => a.position - b.position),
  });
}

export function customFieldLabel(f: Pick<CustomField, 'label' | 'labelEn'>, lang: string): string {
  return lang === 'en' && f.labelEn ? f.labelEn : f.label;
}
