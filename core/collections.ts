/** Small helpers over Maps of lists, so that grouping stays linear (a spread per item copies the list each time). */

/** Appends `value` to the list under `key`, starting the list when there is none (never copying it). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
