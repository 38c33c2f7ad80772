/**
 * The self-contained HTML page both HTML writers produce (`toHtml` here, the report's
 * `buildHtmlReport`): entity escaping, and the page head whose Content-Security-Policy forbids
 * scripts and any fetch, so the file opens offline and can be mailed.
 */

/**
 * Escape text for HTML element content and quoted attribute values (OWASP XSS Prevention
 * Cheat Sheet, rule 1 and 2: & < > " ' are replaced by entities).
 *
 * @example
 * ```ts
 * escapeHtml('<img src=x onerror=alert(1)>'); // '&lt;img src=x onerror=alert(1)&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * @internal The page from `<!doctype html>` through `<body>` and its line break: UTF-8, a
 * Content-Security-Policy allowing only inline styles and `data:` images, the escaped `title`
 * and the inline `style` (trusted CSS, not escaped).
 *
 * @example
 * ```ts
 * htmlPageHead('Sales <2024>', 'body{margin:0}').includes('<title>Sales &lt;2024&gt;</title>'); // true
 * ```
 */
export function htmlPageHead(title: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
`;
}
