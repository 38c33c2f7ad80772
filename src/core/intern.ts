/**
 * Dictionary coding: the dense code of a key, given on first sight. One helper for every place
 * that turns ids, items or group labels into indices (`prepareTransactions`, the CLI's streaming
 * table builder, the report's rule labels, the log-rank groups).
 */

/**
 * The code of `key` in `map`; a key not seen before gets the next code (`list.length`) and is
 * appended to `list`, so `list[code] === key` and codes follow first appearance.
 *
 * @example
 * ```ts
 * const map = new Map<string, number>();
 * const list: string[] = [];
 * [intern(map, list, 'b'), intern(map, list, 'a'), intern(map, list, 'b')]; // [0, 1, 0]
 * list; // ['b', 'a']
 * ```
 */
export function intern<K>(map: Map<K, number>, list: K[], key: K): number {
  let code = map.get(key);
  if (code === undefined) {
    code = list.length;
    map.set(key, code);
    list.push(key);
  }
  return code;
}
