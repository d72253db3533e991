/**
 * The edges of a table that scrolls sideways inside its card (issue 15: "long tables scroll inside
 * their card with a fixed first column"). Apart from ScrollTable so that a unit test need not load antd.
 */

/** The key of a table's action column (编辑, 说明原因 …), kept in view at the right while the table scrolls. */
export const ACTIONS_KEY = "actions";

interface EdgeColumn {
  key?: unknown;
  fixed?: unknown;
}

/**
 * Fixes the first column (the one that names the row) at the left and a last column keyed
 * ACTIONS_KEY at the right; a column that already says where it is fixed keeps its choice.
 */
export function fixEdges<C extends EdgeColumn>(columns: readonly C[]): C[] {
  const last = columns.length - 1;
  return columns.map((c, i) => {
    if (c.fixed !== undefined) return c;
    if (i === 0) return { ...c, fixed: "left" as const };
    if (i === last && c.key === ACTIONS_KEY) return { ...c, fixed: "right" as const };
    return c;
  });
}
