import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Department, Items, Role, User } from '../../api/types';

export const adminKeys = {
  users: ['admin', 'users'] as const,
  departments: ['admin', 'departments'] as const,
  roles: ['admin', 'roles'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
  audit: (filters: unknown) => ['admin', 'audit', filters] as const,
};

export const useUsers = () => useQuery({ queryKey: adminKeys.users, queryFn: () => api.get<Items<User>>('/users') });
export const useDepartments = () => useQuery({ queryKey: adminKeys.departments, queryFn: () => api.get<Items<Department>>('/departments') });
export const useRoles = () => useQuery({ queryKey: adminKeys.roles, queryFn: () => api.get<Items<Role>>('/roles') });

export interface DeptNode { key: string; value: string; title: string; children: DeptNode[]; dept: Department }

/** Flat departments → a tree for antd Tree / TreeSelect, siblings by name. */
export function toDeptTree(items: Department[]): DeptNode[] {
  const nodes = new Map<string, DeptNode>(items.map((d) => [d.id, { key: d.id, value: d.id, title: d.name, children: [], dept: d }]));
  const roots: DeptNode[] = [];
  for (const d of items) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: DeptNode[]) => {
    list.sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
