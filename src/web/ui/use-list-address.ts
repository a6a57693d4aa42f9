import { useEffect, useMemo, useState, type DependencyList } from 'react';
import { useSearchParams } from 'react-router';

interface Options<S> {
  /** Where the tab keeps the list as last left (sessionStorage). */
  storageKey: string;
  /** The list as last left in this tab, put right (null: nothing kept, or unreadable). */
  fromSaved: (saved: Partial<S> | null) => S;
  /** The list as its address says; `saved` gives what the address does not carry (the columns shown). */
  fromParams: (params: URLSearchParams, saved: S) => S;
  /** The address of a list. */
  toParams: (state: S) => Record<string, string>;
  /** While true the address is left alone (a drawer open on /accounts/new has its own). */
  paused?: boolean;
  /** What fromSaved and fromParams read besides the address (the user's data scope). */
  deps?: DependencyList;
}

function readSaved<S>(key: string): Partial<S> | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Partial<S>) : null;
  } catch {
    return null;
  }
}

function save(key: string, state: unknown) {
  try { sessionStorage.setItem(key, JSON.stringify(state)); } catch { /* storage full or blocked: the list still works */ }
}

/**
 * A list's state kept in its address (/leads?view=team&tier=A): a link from a report or a colleague, a reload or the
 * browser's history opens exactly that list. A bare address (the menu's) opens the list as last left in this tab, and
 * the address is then filled in, so it can be copied; a hand-edited one is rewritten to what the list shows. Changes
 * replace the address rather than stack history: Back leaves the list, as it would any page.
 */
export function useListAddress<S>(o: Options<S>): [S, (patch: Partial<S>) => void] {
  const [params, setParams] = useSearchParams();
  // Bumped when only what the address does not carry changes (the columns), so the list reads it again.
  const [stored, setStored] = useState(0);
  const state = useMemo(() => {
    const saved = o.fromSaved(readSaved<S>(o.storageKey));
    return params.size ? o.fromParams(params, saved) : saved;
  }, [params, stored, ...(o.deps ?? [])]);

  useEffect(() => {
    save(o.storageKey, state);
    const address = new URLSearchParams(o.toParams(state));
    if (!o.paused && address.toString() !== params.toString()) setParams(address, { replace: true });
  }, [state, o.paused]);

  const setState = (patch: Partial<S>) => {
    const next = { ...state, ...patch };
    save(o.storageKey, next);
    setParams(o.toParams(next), { replace: true });
    setStored((n) => n + 1);
  };
  return [state, setState];
}
