/** Pieces shared by the survey pages: counts, rates, levels, flags, states and a download button. */
import { useState, type ReactNode } from "react";
import { App, Button, Tag, Tooltip, type ButtonProps } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { FLAG_EXPLANATION, FLAG_LABEL, type Flag } from "../../../../core/survey/answers";
import { LEVEL_TEXT, type Level } from "../../../../core/survey/questionnaire";
import { formatBasisPoints } from "../../../../core/money";
import { errorMessage } from "../../components/states";

/** 1,200 */
export { count } from "../../components/figures";
/** 94% — a rate in basis points as the seed prints it. */
export const rate = formatBasisPoints;

export function Num({ children }: { children: ReactNode }) {
  return <span className="num">{children}</span>;
}

/** Colours of 很满意 … 很不满意 (index 0 = level 5). */
export const LEVEL_COLORS = ["#2f7d4f", "#79b38a", "#d9d9d9", "#e8a25a", "#c0392b"];
const LEVEL_TAG: Record<Level, string> = { 5: "green", 4: "cyan", 3: "default", 2: "orange", 1: "red" };

export function LevelTag({ level }: { level: number | null }) {
  if (level === null) return <span style={{ color: "rgba(0,0,0,0.35)" }}>未作答</span>;
  return <Tag color={LEVEL_TAG[level as Level]}>{LEVEL_TEXT[level as Level]}</Tag>;
}

const FLAG_COLOR: Record<Flag, string> = { too_fast: "orange", same_answers: "gold", duplicate_household: "red", outside_quota: "purple" };

export function FlagTags({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return <span style={{ color: "rgba(0,0,0,0.35)" }}>无</span>;
  return (
    <>
      {flags.map((f) => (
        <Tooltip key={f} title={FLAG_EXPLANATION[f]}>
          <Tag color={FLAG_COLOR[f]} style={{ marginBlock: 2 }}>
            {FLAG_LABEL[f]}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

export const RESPONSE_STATE: Record<"pending" | "accepted" | "rejected", { text: string; color: string }> = {
  pending: { text: "待审核", color: "processing" },
  accepted: { text: "已接受", color: "success" },
  rejected: { text: "已退回", color: "error" },
};

export const CHANNEL_LABEL: Record<"online" | "paper", string> = { online: "扫码填写", paper: "纸质录入" };

/** 3分05秒; — for a paper form. */
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s}秒` : `${m}分${String(s).padStart(2, "0")}秒`;
}

/** A button that downloads a file with its own busy state and the file's name in the message. */
export function DownloadButton({ run, children, ...rest }: Omit<ButtonProps, "onClick" | "loading"> & { run: () => Promise<string>; children: ReactNode }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      {...rest}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          message.success(`已导出：${await run()}`);
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

/** A fresh random seed for 抽样 (0 … 2^31 − 1). */
export function newSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] & 0x7fffffff;
}
