import { useCallback, useEffect, useState } from 'react';
import type { RequestOf, ResolverKey } from '@shared/resolver-contract';
import { call, type DataOf, type UiError } from './forge';

export type Loadable<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: UiError };

/** Calls a resolver when the view mounts (and on `reload()`), with the parsed answer as state. */
export function useResolver<K extends ResolverKey>(key: K, payload: RequestOf<K>): { state: Loadable<DataOf<K>>; reload: () => void } {
  const [state, setState] = useState<Loadable<DataOf<K>>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const body = JSON.stringify(payload);
  useEffect(() => {
    let current = true;
    call(key, JSON.parse(body) as RequestOf<K>).then((result) => {
      if (!current) return;
      setState(result.ok ? { status: 'ok', data: result.data } : { status: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [key, body, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { state, reload };
}
