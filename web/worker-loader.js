// Starts the engine's worker: loads the wasm-bindgen glue, then the engine.
importScripts('./exempt-worker.js');
wasm_bindgen({ module_or_path: './exempt-worker_bg.wasm' });
