/// <reference lib="webworker" />
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CROSS_ORIGIN_ISOLATION } from './crossOriginIsolation';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

/**
 * Offline after one visit, from any sub-path: the shell, the WASM files and the shipped data (the
 * demo included) are precached; a new deployment waits for the user's reload (src/ui/UpdatePrompt.tsx
 * sends SKIP_WAITING).
 *
 * Every page and script it serves carries the cross-origin-isolation headers, so a plain static host
 * that cannot set headers still gets the threaded WebAssembly build from the second visit on.
 */
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolation(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

function withIsolation(response: Response): Response {
  // An opaque or redirected response cannot be rebuilt; none is precached (all files are this origin's).
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
