/**
 * Chart rendering off the main thread. Vega's server-side SVG rendering of the report's ~15
 * charts costs about as much as all the model sections together (plus ~0.2 s to import vega);
 * done in a worker thread, it runs on the second core while the sections compute. The worker
 * only runs vega and vega-lite (resolved from this package, loaded as soon as it starts); any
 * failure there — no worker support, a missing peer, a spec that does not render — falls back
 * to rendering that chart in the calling thread with `toSvg`, so errors and output are exactly
 * those of `toSvg`.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VegaLiteSpec } from '../charts/index.js';
import { renderSvg } from './render.js';

/**
 * Renders report charts to SVG; {@link startChartWorker} makes one that works in a worker thread.
 *
 * @example
 * ```ts
 * const inline: ChartRenderer = { render: (spec) => renderSvg(spec), close: () => undefined };
 * ```
 */
export interface ChartRenderer {
  /** The chart as a standalone SVG string (what `renderSvg` returns). */
  render(spec: VegaLiteSpec): Promise<string>;
  /** Release the worker (pending renders fall back to the calling thread). */
  close(): void;
}

// The worker's whole program (CommonJS, evaluated): the same steps as charts' toSvg — vega-lite
// compile, a vega View with the headless renderer and a loader that refuses every load — and a
// message per chart. A load attempt or any error is reported as a failure; the caller then renders
// that chart itself, so the error it sees is toSvg's own.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const modules = Promise.all([import(workerData.vega), import(workerData.vegaLite)]);
modules.catch(() => undefined);
parentPort.on('message', async ({ id, spec }) => {
  try {
    const [vega, vl] = await modules;
    const compiled = vl.compile(spec).spec;
    let refused = false;
    const loader = vega.loader();
    loader.load = () => { refused = true; return Promise.reject(new Error('chart data must be inline')); };
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logLevel: vega.None });
    try {
      const svg = await view.toSVG();
      parentPort.postMessage(refused ? { id, failed: true } : { id, svg });
    } finally {
      view.finalize();
    }
  } catch {
    parentPort.postMessage({ id, failed: true });
  }
});
`;

const inline: ChartRenderer = { render: (spec) => renderSvg(spec), close: () => undefined };

/**
 * Start a worker thread that loads vega and vega-lite at once and renders charts sent to it, in
 * order of arrival, while the caller goes on. Call `close()` when done (the worker never keeps the
 * process alive). Without the optional peers or worker support this returns a renderer that
 * renders in the calling thread.
 *
 * @example
 * ```ts
 * import { segmentSizesChart } from 'crm-analytics/charts';
 * const renderer = startChartWorker();
 * const svg = await renderer.render(segmentSizesChart([{ segment: 'Champions', customers: 3 }]));
 * renderer.close();
 * ```
 */
export function startChartWorker(): ChartRenderer {
  let worker: Worker;
  try {
    const require = createRequire(import.meta.url);
    const vega = pathToFileURL(require.resolve('vega')).href;
    const vegaLite = pathToFileURL(require.resolve('vega-lite')).href;
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { vega, vegaLite }, stdout: true, stderr: true });
  } catch {
    return inline;
  }
  worker.unref();
  const pending = new Map<number, { spec: VegaLiteSpec; resolve: (svg: string) => void; reject: (e: unknown) => void }>();
  let next = 0;
  let alive = true;
  const fallback = (id: number): void => {
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    renderSvg(p.spec).then(p.resolve, p.reject);
  };
  const stop = (): void => {
    if (!alive) return;
    alive = false;
    void worker.terminate();
    for (const id of [...pending.keys()]) fallback(id);
  };
  worker.on('message', (m: { id: number; svg?: string; failed?: boolean }) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    if (m.svg === undefined) {
      fallback(m.id);
      return;
    }
    pending.delete(m.id);
    p.resolve(m.svg);
  });
  worker.on('error', stop);
  worker.on('exit', stop);
  return {
    render(spec) {
      if (!alive) return renderSvg(spec);
      const id = next++;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { spec, resolve, reject });
        try {
          worker.postMessage({ id, spec });
        } catch {
          fallback(id);
        }
      });
    },
    close: stop,
  };
}
