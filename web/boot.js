// Starts the app: a module script of its own, so that the page needs no
// inline script under its Content-Security-Policy.
import init from './exempt-app.js';

await init({ module_or_path: new URL('./exempt-app_bg.wasm', import.meta.url) });
