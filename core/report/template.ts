/**
 * Paragraph templates: words with figures as placeholders, 「截至评价日，预算执行率为{{funds.rate}}」.
 * Built-in wordings, stored texts of a fund year, drafting rules and a person's edits are all
 * templates, so a figure stays live (recomputed from data) wherever it is written — until the
 * paragraph is frozen, which writes the figures' current text in place of the placeholders.
 */
import type { Inline, ReportFigure } from "./model";

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** A list figure expands into several figures with words between them (「中央补助16158万元、省级补助…」). */
export interface ListFigure {
  key: string;
  /** What the list is, in words (「各资金来源下达金额」). */
  label: string;
  items: Inline[][];
  separator: string;
  /** Words when the list is empty (「无」). */
  empty: string;
}

export interface FigureSet {
  figures: Record<string, ReportFigure>;
  lists: Record<string, ListFigure>;
}

/** The placeholder keys a template names, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Placeholders a template names that the figure set does not have (also ones that are no key at all). */
export function unknownPlaceholders(template: string, set: FigureSet): string[] {
  const named = [...template.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1]);
  return [...new Set(named.filter((k) => !(k in set.figures) && !(k in set.lists)))];
}

function pushText(out: Inline[], text: string) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.t === "text") out[out.length - 1] = { t: "text", text: last.text + text };
  else out.push({ t: "text", text });
}

function pushAll(out: Inline[], inlines: readonly Inline[]) {
  for (const i of inlines) {
    if (i.t === "text") pushText(out, i.text);
    else out.push(i);
  }
}

/** Fills a template: each placeholder becomes its figure (or a list's figures); an unknown key stays visible. */
export function fillTemplate(template: string, set: FigureSet): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    pushText(out, template.slice(at, m.index));
    at = m.index + m[0].length;
    const key = m[1];
    const figure = set.figures[key];
    const list = set.lists[key];
    if (figure) out.push({ t: "fig", key, text: figure.text });
    else if (list) {
      if (list.items.length === 0) pushText(out, list.empty);
      list.items.forEach((item, i) => {
        if (i > 0) pushText(out, list.separator);
        pushAll(out, item);
      });
    } else pushText(out, `【未知数字：${key}】`);
  }
  pushText(out, template.slice(at));
  return out;
}

/** The template with every placeholder replaced by its current text: figures no longer follow the data. */
export function freezeTemplate(template: string, set: FigureSet): string {
  return fillTemplate(template, set)
    .map((i) => i.text)
    .join("");
}

/**
 * The name a person reads and writes for each placeholder: the figure's label (「预算执行率（全部资金
 * 来源）」), made unique with 「（2）」… where two figures share one. Stored templates keep the keys;
 * the editor shows and takes the names.
 */
export function placeholderNames(set: FigureSet): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Map<string, number>();
  const entries = [...Object.values(set.figures).map((f) => [f.key, f.trace.label] as const), ...Object.values(set.lists).map((l) => [l.key, l.label] as const)];
  for (const [key, label] of entries) {
    const n = (taken.get(label) ?? 0) + 1;
    taken.set(label, n);
    out.set(key, n === 1 ? label : `${label}（${n}）`);
  }
  return out;
}

/** A stored template as a person reads it: {{funds.rate}} → {{预算执行率（全部资金来源）}}. */
export function templateToNames(template: string, names: ReadonlyMap<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => (names.has(key) ? `{{${names.get(key)}}}` : whole));
}

/** What a person wrote, back to keys; a name that is no placeholder stays as written (and is refused as unknown). */
export function templateFromNames(text: string, names: ReadonlyMap<string, string>): string {
  const keyOf = new Map([...names].map(([k, n]) => [n, k]));
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => (keyOf.has(name) ? `{{${keyOf.get(name)}}}` : names.has(name) ? `{{${name}}}` : whole));
}
