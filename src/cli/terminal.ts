/**
 * What the CLI prints is made safe for a terminal: C0 controls (except line feed and tab), DEL,
 * C1 controls and the bidi embedding/override/isolate characters are removed, so an item name or
 * customer id from a file cannot move the cursor, recolour the terminal, set its title or reorder
 * the text that follows (issue 22; Unicode TR #9 for the bidi controls, ECMA-48 for C0/C1).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Remove terminal control and bidi-override characters (keeps `\n` and `\t`).
 *
 * @example
 * ```ts
 * sanitizeTerminal('item\u001b[2J\u202e'); // 'item[2J'
 * ```
 */
export function sanitizeTerminal(text: string): string {
  return text.replace(UNSAFE, '');
}

/**
 * One line of user data for a terminal: sanitized, line breaks and tabs turned into spaces.
 *
 * @example
 * ```ts
 * oneLine('a\nb'); // 'a b'
 * ```
 */
export function oneLine(text: string): string {
  return sanitizeTerminal(text).replace(/[\n\t]/g, ' ');
}
