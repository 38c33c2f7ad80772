/**
 * Short, escaped excerpts of user data for error messages: a message never carries more than a few
 * dozen characters of a file, and never a raw control or bidi-override character (issue 22: a
 * wrong path used to echo a file's whole first line).
 */

/** C0/C1 controls, DEL, and the bidi embedding/override/isolate and mark characters. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as a quoted, escaped excerpt of at most `max` characters (then `…`).
 *
 * @example
 * ```ts
 * quoteExcerpt('Customer\u202eID'); // '"Customer\\u202eID"'
 * ```
 */
export function quoteExcerpt(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : String(value);
  // Escape first, then cut: `max` bounds what is printed, whatever the characters were.
  const escaped = text.slice(0, max * 2).replace(/["\\]/g, (c) => `\\${c}`).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const cut = escaped.length > max || text.length > max * 2 ? `${escaped.slice(0, max).replace(/\\u?[0-9a-f]{0,3}$/, '')}…` : escaped;
  return `"${cut}"`;
}

/**
 * A list of values as excerpts, at most `maxItems` of them (then "and N more").
 *
 * @example
 * ```ts
 * listExcerpt(['a', 'b', 'c'], 2); // '"a", "b" and 1 more'
 * ```
 */
export function listExcerpt(values: ReadonlyArray<unknown>, maxItems = 10, maxChars = 30): string {
  const shown = values.slice(0, maxItems).map((v) => quoteExcerpt(v, maxChars));
  return values.length > maxItems ? `${shown.join(', ')} and ${values.length - maxItems} more` : shown.join(', ');
}
