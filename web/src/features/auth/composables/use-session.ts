import { computed, ref } from 'vue';
import type { TMe, TPermission } from '@fengqiao/contracts';
import { ApiError, call } from '../../../api/client.ts';
import { isNetworkError } from '../../../api/errors.ts';

const me = ref<TMe | null>(null);
let pending: Promise<TMe | null> | null = null;

/**
 * The last /api/me of this browser, for starting the grid worker's pages without coverage; the
 * server still checks every request when the network is back. Removed at sign-out and on 401.
 */
const KEPT = 'fq.me';

function keep(value: TMe | null): void {
  try {
    if (value === null) {
      localStorage.removeItem(KEPT);
    } else {
      localStorage.setItem(KEPT, JSON.stringify(value));
    }
  } catch {
    // private mode or full storage: nothing is kept, the app works online
  }
}

function kept(): TMe | null {
  try {
    const raw = localStorage.getItem(KEPT);
    return raw === null ? null : (JSON.parse(raw) as TMe);
  } catch {
    return null;
  }
}

/** Loads /api/me once per page load (or again when forced); null when there is no session. */
export function loadSession(force = false): Promise<TMe | null> {
  if (!force && me.value !== null) {
    return Promise.resolve(me.value);
  }
  pending ??= call('auth.me')
    .then((value) => {
      me.value = value;
      keep(value.stage === 'active' ? value : null);
      return value;
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) {
        me.value = null;
        keep(null);
        return null;
      }
      const offline = isNetworkError(err) ? kept() : null;
      if (offline !== null) {
        me.value = offline;
        return offline;
      }
      throw err;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

/** Forgets the session on this page; the next guarded navigation asks the server again. */
export function clearSession(): void {
  me.value = null;
  keep(null);
}

const signOutHooks: (() => void | Promise<void>)[] = [];

/** Runs on an explicit sign-out (e.g. the grid worker's offline queue is wiped from the device). */
export function onSignOut(hook: () => void | Promise<void>): void {
  signOutHooks.push(hook);
}

export async function logout(): Promise<void> {
  await call('auth.logout').catch(() => undefined);
  for (const hook of signOutHooks) {
    await Promise.resolve(hook()).catch(() => undefined);
  }
  clearSession();
}

export function useSession() {
  return { me: computed(() => me.value) };
}

/** Permission checks read only what /api/me says; the server enforces every one of them. */
export function can(permission: TPermission): boolean {
  return me.value?.permissions.includes(permission) ?? false;
}

export function useCan(): (permission: TPermission) => boolean {
  return can;
}
