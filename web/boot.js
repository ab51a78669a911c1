// Starts the app: a module script of its own, so that the page needs no
// inline script under its Content-Security-Policy.
import init from './exempt-app.js';

// Keeps the build for offline use. A page that was already controlled and
// sees the controller change has a newer build waiting: the app offers a
// reload (it listens for `exempt:update`).
if ('serviceWorker' in navigator) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) window.dispatchEvent(new Event('exempt:update'));
  });
  // Storage may be partitioned or blocked (a third-party frame, private
  // browsing): the app still works, only not offline. Installing copies
  // every file of the build, so it waits until the app has shown its
  // first page (it says so with `exempt:shown`), rather than competing
  // with starting for the processor.
  const register = () => navigator.serviceWorker.register('./sw.js').catch(() => {});
  window.addEventListener('exempt:shown', () => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2000 });
    else setTimeout(register, 0);
  }, { once: true });
}

// The module is compiled, then instantiated in a later task: in one task,
// the two can hold the page's thread for longer than a frame on a slow
// machine.
const compile = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} could not be loaded: ${response.status} ${response.statusText}`);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch (e) {
    // A static host that does not say `application/wasm`: compile the bytes.
    if (response.headers.get('Content-Type') === 'application/wasm') throw e;
    return WebAssembly.compile(await response.arrayBuffer());
  }
};
const module = await compile(new URL('./exempt-app_bg.wasm', import.meta.url));
await new Promise((resolve) => setTimeout(resolve, 0));
await init({ module_or_path: module });
