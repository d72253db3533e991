/** How much of a cell a message quotes back: enough to find it, never a whole pasted document. */
export const QUOTE_MAX = 40;

/**
 * The text as a message quotes it: whole when short, else its start with "…" and its length, so a
 * message never carries a pasted document. Lengths count UTF-16 units, as the limits do.
 */
export function clipText(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1); // never split a surrogate pair
  return `${head}…（共 ${text.length.toLocaleString("en-US")} 个字符）`;
}
