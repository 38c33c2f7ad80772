import { invalidInput } from '../core/index.js';
import { escapeHtml, toCsv, type Cell } from './escape.js';
import type { VegaLiteSpec } from '../charts/index.js';
import { htmlPageHead } from '../charts/html-page.js';
import { renderSvg } from './render.js';
import type { Report, ReportSection, ReportTable } from './types.js';

const ID_RE = /^[A-Za-z][\w-]*$/;

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#fff}
body{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #e3e6ee;padding-bottom:.2rem;margin-top:2.2rem}
.sub{color:#5b6478;margin-top:0}
nav ul{columns:3;list-style:none;padding:0}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #dde1ea;padding:.25rem .5rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure.chart{margin:0;border:1px solid #eef0f5;padding:.4rem}
.omitted{color:#8a5a00;background:#fff6e0;padding:.5rem .8rem;border-left:4px solid #e0a100}
details{margin:.5rem 0}summary{cursor:pointer}
a.csv{font-size:.85rem}
`;

// One Intl.NumberFormat per digit count: Number#toLocaleString builds a new formatter per call (slow on big tables).
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const FIXED = new Map<number, Intl.NumberFormat>();
function fixed(digits: number): Intl.NumberFormat {
  let f = FIXED.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    FIXED.set(digits, f);
  }
  return f;
}

function formatCell(v: Cell, digits: number): { text: string; numeric: boolean } {
  if (v === null) return { text: '', numeric: false };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { text: v > 0 ? '∞' : v < 0 ? '−∞' : '', numeric: true };
    const text = Number.isInteger(v) ? INTEGER.format(v) : fixed(digits).format(v);
    return { text, numeric: true };
  }
  return { text: v, numeric: false };
}

function tableHtml(t: ReportTable, path: ReadonlyArray<string | number>): string {
  if (!ID_RE.test(t.id)) invalidInput([...path, 'id'], 'table id must be a letter followed by letters, digits, - or _', 'an HTML-safe id', t.id);
  const digits = t.digits ?? 2;
  const head = `<thead><tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell) => {
            const f = formatCell(cell, digits);
            return f.numeric ? `<td class="n">${escapeHtml(f.text)}</td>` : `<td>${escapeHtml(f.text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const csv =
    t.csv === true
      ? `<p><a class="csv" download="${escapeHtml(t.id)}.csv" href="data:text/csv;charset=utf-8,${escapeHtml(encodeURIComponent(toCsv(t.columns, t.rows)))}">Download ${escapeHtml(t.caption)} as CSV</a></p>`
      : '';
  const table = `<table id="${escapeHtml(t.id)}" data-rows="${t.rows.length}"><caption>${escapeHtml(t.caption)}</caption>${head}<tbody>\n${body}\n</tbody></table>`;
  if (t.collapsed === true) return `<details><summary>${escapeHtml(t.caption)} (${t.rows.length.toLocaleString('en-US')} rows)</summary>${table}</details>${csv}`;
  return table + csv;
}

/** Renders one chart to SVG (default: `renderSvg` in this thread). */
export type RenderChart = (spec: VegaLiteSpec) => Promise<string>;

async function sectionHtml(s: ReportSection, i: number, render: RenderChart): Promise<string> {
  if (!ID_RE.test(s.id)) invalidInput(['sections', i, 'id'], 'section id must be a letter followed by letters, digits, - or _', 'an HTML-safe id', s.id);
  const parts: string[] = [`<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>`];
  if (s.omitted === true) parts.push(`<p class="omitted">Omitted: ${escapeHtml(s.note ?? 'not available')}</p>`);
  else if (s.note !== undefined) parts.push(`<p class="note">${escapeHtml(s.note)}</p>`);
  for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
  if (s.bullets !== undefined && s.bullets.length > 0) parts.push(`<ul>${s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>`);
  const charts = s.charts ?? [];
  if (charts.length > 0) {
    // Vega's SVG renderer escapes every text and attribute it writes (checked by the report tests).
    const svgs = await Promise.all(charts.map((c) => render(c)));
    parts.push(`<div class="charts">${svgs.map((svg) => `<figure class="chart">${svg}</figure>`).join('')}</div>`);
  }
  (s.tables ?? []).forEach((t, k) => parts.push(tableHtml(t, ['sections', i, 'tables', k])));
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * Build a self-contained HTML document from a {@link Report}: charts rendered to inline SVG (by
 * `render`, default `renderSvg`; `buildReport` passes the SVGs its chart worker made meanwhile),
 * no scripts, no external resources (a Content-Security-Policy forbids any fetch), every
 * value from the data HTML-escaped, and CSV downloads defused against formula injection.
 *
 * @example
 * ```ts
 * const html = await buildHtmlReport({ title: 'CRM report', generatedAt: new Date().toISOString(), sections: [] });
 * ```
 */
export async function buildHtmlReport(report: Report, render: RenderChart = renderSvg): Promise<string> {
  const sections: string[] = [];
  for (let i = 0; i < report.sections.length; i++) sections.push(await sectionHtml(report.sections[i] as ReportSection, i, render));
  const nav = report.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>${s.omitted === true ? ' (omitted)' : ''}</li>`).join('');
  return `${htmlPageHead(report.title, STYLE)}<header><h1>${escapeHtml(report.title)}</h1>
${report.subtitle === undefined ? '' : `<p class="sub">${escapeHtml(report.subtitle)}</p>`}
<p class="sub">Generated ${escapeHtml(report.generatedAt)} by crm-analytics.</p></header>
<nav><ul>${nav}</ul></nav>
${sections.join('\n')}
</body>
</html>
`;
}
