/**
 * Rendering Vega-Lite specs to SVG and HTML. vega and vega-lite are loaded only here, lazily, by
 * dynamic import, so the chart builders (and every model module) run without them; they are
 * optional peer dependencies of crm-analytics.
 */
import { CrmError, invalidInput, readOptions, readString } from '../core/index.js';
import { escapeHtml, htmlPageHead } from './html-page.js';
import type { VegaLiteSpec } from './spec.js';

/** The packages {@link toSvg} needs, and how to get them. */
const PEERS = ['vega', 'vega-lite'] as const;
const INSTALL = `npm install ${PEERS.join(' ')}`;

// The slice of vega and vega-lite used here, declared structurally so that the published
// declarations never name the optional peers (a consumer without them must still type-check).
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}
interface VegaLoader {
  load: (uri: string) => Promise<string>;
}
interface VegaView {
  toSVG(): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  loader(): VegaLoader;
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; loader: VegaLoader; logLevel: number }) => VegaView;
  None: number;
}

/** @internal How the peers are imported (a test swaps this to simulate a missing package). */
export interface PeerImporters {
  vega: () => Promise<unknown>;
  'vega-lite': () => Promise<unknown>;
}

// The specifiers are variables on purpose: a bundler then neither inlines vega into a browser bundle
// of the charts module nor fails to resolve it when the optional peer is not installed.
const VEGA: string = 'vega';
const VEGA_LITE: string = 'vega-lite';
const DEFAULT_IMPORTERS: PeerImporters = { vega: () => import(VEGA), 'vega-lite': () => import(VEGA_LITE) };

let loaded: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

async function importPeer(name: keyof PeerImporters, importers: PeerImporters): Promise<unknown> {
  try {
    return await importers[name]();
  } catch (error) {
    throw new CrmError('MISSING_DEPENDENCY', `charts.toSvg and charts.toHtml need the optional peer dependency ${name} (with ${PEERS.filter((p) => p !== name).join(', ')}): run \`${INSTALL}\``, {
      path: [name],
      data: { package: name, install: INSTALL },
      cause: error,
    });
  }
}

/**
 * @internal Load vega and vega-lite once (the promise is kept; a failure is not, so installing
 * the packages later works without a restart).
 */
export function loadRenderer(importers: PeerImporters = DEFAULT_IMPORTERS): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  if (importers === DEFAULT_IMPORTERS && loaded !== undefined) return loaded;
  const p = (async () => {
    const vega = (await importPeer('vega', importers)) as VegaModule;
    const vl = (await importPeer('vega-lite', importers)) as VegaLiteModule;
    return { vega, vl };
  })();
  if (importers === DEFAULT_IMPORTERS) {
    loaded = p;
    p.catch(() => {
      loaded = undefined;
    });
  }
  return p;
}

/**
 * Render one Vega-Lite spec to a standalone SVG string in Node, Deno or Bun (vega-lite compile →
 * vega View with the headless `none` renderer → `toSVG`). No network access: a spec that points
 * at a URL is refused (the builders inline their data). Every text from the data is escaped by
 * vega's SVG writer. Needs the optional peers `vega` and `vega-lite`; without them the promise
 * rejects with a `CrmError` `MISSING_DEPENDENCY` that names the package and the install command.
 *
 * @example
 * ```ts
 * import { segmentSizesChart, toSvg } from 'crm-analytics/charts';
 * const svg = await toSvg(segmentSizesChart([{ segment: 'Champions', customers: 3 }]));
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) invalidInput(['spec'], 'spec must be a Vega-Lite specification object', 'an object', spec);
  const { vega, vl } = await loadRenderer();
  let compiled: unknown;
  try {
    compiled = vl.compile(spec).spec;
  } catch (e) {
    throw new CrmError('INVALID_INPUT', `the Vega-Lite spec does not compile: ${(e as Error).message}`, { path: ['spec'], cause: e });
  }
  // Vega logs a failed load and renders on without the data: remember the refusal and throw it.
  let refused: CrmError | undefined;
  const loader = vega.loader();
  loader.load = (uri: string): Promise<string> => {
    refused ??= new CrmError('IO_ERROR', `chart data must be inline; refusing to load ${JSON.stringify(uri)}`, { path: ['spec', 'data', 'url'] });
    return Promise.reject(refused);
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    if (refused !== undefined) throw refused;
    return svg;
  } finally {
    view.finalize();
  }
}

/**
 * Options of {@link toHtml}.
 *
 * @example
 * ```ts
 * const o: ToHtmlOptions = { title: 'Churn diagnostics' };
 * ```
 */
export interface ToHtmlOptions {
  /** Page title and heading (default 'Charts'). */
  title?: string;
}

/** The style sheet of {@link toHtml}'s page. */
const PAGE_STYLE = 'body{font-family:system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1.5rem}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;border:1px solid #eef0f5;padding:.4rem}';

/**
 * Render specs into one self-contained HTML page: each chart as inline SVG (via {@link toSvg}),
 * no scripts and no external resources (a Content-Security-Policy forbids any fetch), so the file
 * opens offline and can be mailed. Needs the optional peers `vega` and `vega-lite`.
 *
 * @example
 * ```ts
 * import { lorenzChart, toHtml } from 'crm-analytics/charts';
 * import { lorenzCurve } from 'crm-analytics/rfm';
 * const html = await toHtml([lorenzChart(lorenzCurve([1, 2, 3, 50]))], { title: 'Concentration' });
 * html.includes('<svg'); // true
 * ```
 */
export async function toHtml(specs: ReadonlyArray<VegaLiteSpec>, options?: ToHtmlOptions): Promise<string> {
  const bag = readOptions(options, ['title']);
  const title = readString(bag.title, ['options', 'title'], 'Charts');
  if (!Array.isArray(specs)) invalidInput(['specs'], 'specs must be an array of Vega-Lite specifications', 'an array', specs);
  const svgs: string[] = [];
  for (const spec of specs) svgs.push(await toSvg(spec as VegaLiteSpec));
  return `${htmlPageHead(title, PAGE_STYLE)}<h1>${escapeHtml(title)}</h1>
<div class="charts">
${svgs.map((svg) => `<figure class="chart">${svg}</figure>`).join('\n')}
</div>
</body>
</html>
`;
}
