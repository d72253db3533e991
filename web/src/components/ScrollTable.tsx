import { useMemo } from "react";
import { Table, type TableProps } from "antd";
import { fixEdges } from "./tableEdges";

export { ACTIONS_KEY } from "./tableEdges";

export type ScrollTableProps<T> = TableProps<T> & {
  /** The width the table keeps in a narrower card: pixels, or "max-content" to fit its cells. */
  scroll: NonNullable<TableProps<T>["scroll"]> & { x: number | string };
};

/**
 * An antd Table wider than its card: it scrolls inside the card with its first column fixed at the
 * left, so each row keeps its name in view, and its action column (key ACTIONS_KEY) fixed at the
 * right, so the buttons stay reachable. Give those columns a width. The layout walk
 * (e2e/walk.test.ts) fails a sideways-scrolling table whose first column is not fixed.
 */
export function ScrollTable<T extends object>({ columns, ...props }: ScrollTableProps<T>) {
  const fixed = useMemo(() => (columns ? fixEdges(columns) : columns), [columns]);
  return <Table<T> {...props} columns={fixed} />;
}
