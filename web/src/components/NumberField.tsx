/**
 * The one numeric input of the app. Unlike antd's InputNumber it never changes what was typed: a value
 * out of range stays as typed (antd clamps to min/max on blur), too many decimals are not rounded, and
 * text that is no number ("abc", "一百万") stays visible with a message instead of vanishing. The
 * limits and messages are the server's, from contracts/limits.ts.
 *
 * In a Form.Item, add `numberRule(limit)` to the rules: the field's value is the number, or the typed
 * text while it is not one, so the form refuses to submit. Outside a form, `inlineError` shows the
 * message under the field and `numberProblem(limit, value)` tells the caller not to send.
 */
import { useEffect, useState, type CSSProperties, type ReactNode } from "react";
import { Input, Typography } from "antd";
import type { Rule } from "antd/es/form";
import { numberProblem, readNumberText, type NumberLimit } from "../../../contracts/limits";

export { numberProblem };

/** The value of a number field: a number, null when empty, or the typed text while it is not a number. */
export type NumberFieldValue = number | string | null;

export interface NumberFieldProps {
  /** The allowed range, decimals and the messages (contracts/limits.ts). */
  limit: NumberLimit;
  value?: NumberFieldValue;
  onChange?: (value: NumberFieldValue) => void;
  /** Shows the problem under the field (outside a Form.Item, which shows it itself). */
  inlineError?: boolean;
  id?: string;
  "aria-label"?: string;
  prefix?: ReactNode;
  suffix?: ReactNode;
  placeholder?: string;
  size?: "small" | "middle" | "large";
  disabled?: boolean;
  style?: CSSProperties;
}

const show = (limit: NumberLimit, v: NumberFieldValue | undefined) =>
  v === null || v === undefined ? "" : typeof v === "string" ? v : limit.fixed ? v.toFixed(limit.decimals) : String(v);

/** The rule of a Form.Item holding a NumberField: refuses text and values outside the limit. */
export function numberRule(limit: NumberLimit): Rule {
  return {
    validator: (_, value: NumberFieldValue | undefined) => {
      const problem = numberProblem(limit, value);
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  };
}

export function NumberField({ limit, value, onChange, inlineError, style, ...rest }: NumberFieldProps) {
  const [text, setText] = useState(() => show(limit, value));
  // A value set from outside (a form reset, a loaded record) replaces the text; the echo of our own
  // change does not, so "1.50" is not rewritten to "1.5" while typing.
  useEffect(() => {
    setText((t) => {
      const read = readNumberText(t);
      const same = typeof value === "string" ? t === value : read.ok && read.value === (value ?? null);
      return same ? t : show(limit, value);
    });
  }, [value, limit]);
  const problem = numberProblem(limit, text);
  const read = readNumberText(text);
  return (
    <span style={{ display: "inline-block", ...(style?.width ? { width: style.width } : {}) }}>
      <Input
        {...rest}
        style={{ ...style, width: "100%" }}
        inputMode="decimal"
        autoComplete="off"
        role="spinbutton"
        aria-valuemin={limit.min}
        aria-valuemax={limit.max}
        aria-valuenow={read.ok && read.value !== null ? read.value : undefined}
        aria-invalid={problem ? true : undefined}
        status={inlineError && problem ? "error" : undefined}
        value={text}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const r = readNumberText(t);
          onChange?.(r.ok ? r.value : t);
        }}
      />
      {inlineError && problem && (
        <Typography.Text type="danger" role="alert" style={{ display: "block", fontSize: 12, lineHeight: "18px", marginTop: 2 }}>
          {problem}
        </Typography.Text>
      )}
    </span>
  );
}
