// Keeps the mobile pages on the phone (web/public/sw.js), so the app opens without coverage.
// Service workers exist only in secure contexts (https, or localhost): on a plain-http intranet
// this does nothing and the pages must be open before coverage drops, as before.

const SCOPE = '/grid';

/** Registers the worker and hands it the files this page has loaded so far. */
export async function keepAppShell(): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    return;
  }
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: SCOPE });
    const reg = await navigator.serviceWorker.ready;
    const urls = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter(
        (u) => new URL(u).origin === location.origin && !new URL(u).pathname.startsWith('/api/'),
      );
    reg.active?.postMessage({ type: 'precache', urls: [location.origin + SCOPE, ...urls] });
  } catch {
    // an app that cannot be kept offline still works online
  }
}
