import * as vega from 'vega';
import * as vl from 'vega-lite';
import { CrmError } from '../core/index.js';
import type { VegaLiteSpec } from '../charts/index.js';

/** A loader that refuses every URL: report charts carry their data inline, so nothing is fetched. */
const offlineLoader = vega.loader();
offlineLoader.load = (uri: string): Promise<string> =>
  Promise.reject(new CrmError('IO_ERROR', `chart data must be inline; refusing to load ${JSON.stringify(uri)}`, { path: ['spec', 'data', 'url'] }));

/**
 * Render a Vega-Lite spec to a standalone SVG string in Node (vega-lite compile → vega View
 * with the headless `none` renderer → `toSVG`). No network access: URLs in the spec are refused.
 *
 * @example
 * ```ts
 * import { segmentSizes } from 'crm-analytics/charts';
 * import { renderSvg } from './render.js';
 * const svg = await renderSvg(segmentSizes([{ segment: 'A', customers: 3 }]));
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  let compiled: vega.Spec;
  try {
    compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
  } catch (e) {
    throw new CrmError('INVALID_INPUT', `the Vega-Lite spec does not compile: ${(e as Error).message}`, { path: ['spec'], cause: e });
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offlineLoader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
