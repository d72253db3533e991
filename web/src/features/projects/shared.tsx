/** Pieces shared by the project, registry and monitoring pages. */
import { useState, type ReactNode } from "react";
import { App, Button, Tag, Tooltip, type ButtonProps } from "antd";
import { formatBasisPoints } from "../../../../core/money";
import { DEVIATION_CAUSE_LABEL, LIGHT_LABEL, LIKELIHOOD_LABEL, type Light } from "../../../../core/monitoring";
import { formatQuantity } from "../../../../core/targets";
import type { Cell } from "../../../../contracts/monitoring";
import { errorMessage } from "../../components/states";

/** 建筑面积 in 万㎡ from dm², to two decimals as the seed writes areas (517.8). */

/** 建筑面积 in ㎡ from dm²: 15,230.5 */
export function areaM2(dm2: number): string {
  return formatQuantity(dm2 * 100, { grouping: true });
}

export { count } from "../../components/figures";

const LIGHT_TAG: Record<Light, string> = { green: "success", yellow: "warning", red: "error", none: "default" };

/** A traffic light with the progress it stands for. */
export function LightTag({ cell, compact = false }: { cell: Cell; compact?: boolean }) {
  const text = cell.progressBp === null ? "—" : formatBasisPoints(cell.progressBp);
  const tip =
    cell.light === "none"
      ? "尚无可计算的数据"
      : `${LIGHT_LABEL[cell.light]}：进度 ${text}，应达 ${formatBasisPoints(cell.elapsedBp)}${cell.gapBp !== null && cell.gapBp > 0 ? `，落后 ${formatBasisPoints(cell.gapBp)}` : ""}${cell.explanation ? `。偏差原因：${DEVIATION_CAUSE_LABEL[cell.explanation.cause]}，${LIKELIHOOD_LABEL[cell.explanation.likelihood]}完成` : ""}`;
  return (
    <Tooltip title={tip}>
      <Tag color={LIGHT_TAG[cell.light]} className="num" style={{ marginInlineEnd: 0, minWidth: compact ? 56 : 72, textAlign: "center" }} data-light={cell.light}>
        {text}
        {cell.explanation ? " ✎" : ""}
      </Tag>
    </Tooltip>
  );
}

export function LightDot({ light, children }: { light: Light; children?: ReactNode }) {
  return (
    <Tag color={LIGHT_TAG[light]} style={{ marginInlineEnd: 0 }}>
      {children ?? LIGHT_LABEL[light]}
    </Tag>
  );
}

/** A button that runs a download and says in Chinese when it fails. */
export function DownloadButton({ run, children, ...rest }: Omit<ButtonProps, "onClick" | "loading"> & { run: () => Promise<unknown>; children: ReactNode }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      {...rest}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await run();
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </Button>
  );
}
