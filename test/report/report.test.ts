import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rulesScatterChart, segmentSizesChart } from '../../src/charts/index.js';
import { CrmError } from '../../src/core/index.js';
import { buildHtmlReport, csvCell, escapeHtml, toCsv, type Report } from '../../src/report/index.js';

/** Undo escapeHtml, as a browser does when it reads an attribute value. */
const unescapeHtml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');

const IMG = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("x")';

function hostileReport(): Report {
  return {
    title: `Report for ${IMG}`,
    subtitle: FORMULA,
    generatedAt: '2026-01-01T00:00:00.000Z',
    sections: [
      {
        id: 'customers',
        title: `Customers ${IMG}`,
        paragraphs: [`top customer ${IMG}`],
        bullets: [`warning about ${FORMULA}`],
        charts: [
          segmentSizesChart([{ segment: IMG, customers: 2 }, { segment: FORMULA, customers: 1 }]),
          rulesScatterChart([{ antecedent: [IMG], consequent: [FORMULA], support: 0.2, confidence: 0.5, lift: 1.2 }]),
        ],
        tables: [
          { id: 'all', caption: `All ${IMG}`, columns: ['customerId', 'item', 'value'], rows: [[IMG, FORMULA, -3.5], ['@SUM(A1)', '+1', 2], ['-x', null, 1e6]], csv: true },
        ],
      },
      { id: 'later', title: 'Later', omitted: true, note: `module missing ${IMG}` },
    ],
  };
}

describe('escaping helpers', () => {
  it('escapeHtml replaces the five special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('csvCell prefixes = + - @ tab CR text cells and quotes per RFC 4180', () => {
    expect(csvCell(FORMULA)).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a'], [['x\ny']])).toBe('a\r\n"x\ny"\r\n');
  });
  it('no text cell of a CSV starts a formula (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const c = csvCell(s);
        const unquoted = c.startsWith('"') ? c.slice(1) : c;
        expect(/^[=+\-@\t\r]/.test(unquoted)).toBe(false);
      }),
      { seed: 9, numRuns: 500 },
    );
  });
  it('escaped text never contains markup (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(/[<>"']/.test(escapeHtml(s))).toBe(false);
      }),
      { seed: 9, numRuns: 500 },
    );
  });
});

describe('buildHtmlReport', () => {
  it('keeps hostile ids and items inert in the HTML and in the CSV export', async () => {
    const html = await buildHtmlReport(hostileReport());
    expect(html).not.toContain(IMG);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The only tags in the document are the ones the builder and Vega's SVG writer emit.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase()));
    for (const t of tags) expect(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'p', 'nav', 'ul', 'li', 'a', 'section', 'div', 'figure', 'svg', 'g', 'path', 'rect', 'text', 'line', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'defs', 'clippath', 'circle', 'symbol', 'details', 'summary', 'lineargradient', 'stop']).toContain(t);
    // No event-handler attribute anywhere: strip quoted attribute values, then look for on*= inside tags.
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
      const bare = tag.replace(/"[^"]*"|'[^']*'/g, '""');
      expect(bare).not.toMatch(/\son[a-z]+\s*=/i);
    }
    // CSV export: decode the data: link and check every text cell is defused.
    const href = /href="data:text\/csv;charset=utf-8,([^"]*)"/.exec(html);
    expect(href).not.toBeNull();
    const csv = decodeURIComponent(unescapeHtml(href?.[1] ?? ''));
    expect(csv).toBe(`customerId,item,value\r\n<img src=x onerror=alert(1)>,"'=HYPERLINK(""x"")",-3.5\r\n'@SUM(A1),'+1,2\r\n'-x,,1000000\r\n`);
    // No network at view time: no src/href to http(s) and a CSP that forbids fetches.
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Omitted: module missing &lt;img');
    expect(html).toContain('<table id="all" data-rows="3">');
  });

  it('rejects an unsafe table or section id', async () => {
    const r = hostileReport();
    (r.sections[0] as { id: string }).id = 'x" onload="1';
    await expect(buildHtmlReport(r)).rejects.toBeInstanceOf(CrmError);
  });
});
