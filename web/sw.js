// The offline copy of the build. The build prepends `const BUILD = {version,
// files}` (every file of the build, relative to this script, and a hash of
// their contents), so a new build is a new script: the browser installs it
// beside the old one, it fetches the new files into a cache of its own, and
// on activation the old cache is dropped.
/* global BUILD */
const CACHE = `exempt-${BUILD.version}`;

// Between two files: the install runs while the user starts working, and a
// burst of copies would take the cores the page needs.
const PAUSE_MS = 50;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      for (const file of BUILD.files) {
        // `reload` skips the HTTP cache, so the new build's files are the ones kept.
        await cache.add(new Request(file, { cache: 'reload' }));
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    } catch (e) {
      // All or nothing: a build copied in part is not kept.
      await caches.delete(CACHE);
      throw e;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('exempt-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

const scope = new URL(self.registration.scope);

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // The query (`?origin=` of embed mode) does not change the file.
  const key = url.pathname.endsWith('/') ? new URL('index.html', url).href : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(event.request))
  );
});
