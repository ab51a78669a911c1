// What the browser benchmarks share: long tasks on a page's main thread
// (a PerformanceObserver for `longtask`, with the long animation frames
// that say which scripts ran), waits that add no work to the page they
// measure, and a report with targets.

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Watches a page's long tasks and frames from its first byte on. */
export const watchLongTasks = (p) => p.addInitScript(() => {
  window.__long = [];
  window.__frames = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      if (f.blockingDuration === 0) continue;
      const scripts = f.scripts.map((s) => `${s.invoker} ${Math.round(s.duration)} ms`).join(', ');
      const render = f.renderStart ? Math.round(f.startTime + f.duration - f.renderStart) : 0;
      window.__frames.push(`frame of ${Math.round(f.duration)} ms: ${scripts || 'no script'}; rendering ${render} ms`);
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
});

/** The long tasks and frames seen since the last look; starts again. */
export const takeLongTasks = (p) => p.evaluate(() => {
  const t = [window.__long, window.__frames];
  window.__long = [];
  window.__frames = [];
  return t;
});

/** Waits in the page until `predicate` (a function, or its source) holds,
 * looking again at each change of the DOM: no polling. */
export const waitIn = (p, predicate, timeout = 180000) => p.evaluate(`new Promise((resolve, reject) => {
  const done = ${predicate.toString()};
  const look = () => { if (done()) { observer.disconnect(); clearTimeout(timer); resolve(); } };
  const observer = new MutationObserver(look);
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out: ' + done)); }, ${timeout});
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  look();
})`);

export const heading = (text) => `() => document.querySelector('main h1')?.textContent === ${JSON.stringify(text)}`;

/** Figures with their targets; `finish` lists those over target and sets
 * the exit code. */
export class Report {
  constructor() { this.results = []; }
  add(what, ms, target) {
    this.results.push({ what, ms, target });
    console.log(`${what}: ${ms.toFixed(1)}${what.includes('MB') ? '' : ' ms'}${target ? ` (target < ${target})` : ''}`);
  }
  /** The longest task since the last look, with the frames that held one. */
  async longest(p, label) {
    const [tasks, frames] = await takeLongTasks(p);
    const longest = tasks.length ? Math.max(...tasks) : 0;
    this.add(`  longest main-thread task while ${label}`, longest, 50);
    if (longest >= 50) for (const f of frames) console.log(`    ${f}`);
  }
  finish() {
    const slow = this.results.filter((r) => r.target && r.ms >= r.target);
    if (slow.length) {
      console.log(`over target: ${slow.map((r) => r.what.trim()).join('; ')}`);
      process.exitCode = 1;
    }
  }
}
