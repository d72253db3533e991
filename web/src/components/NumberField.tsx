/**
 * The one numeric input of the app. Unlike antd's InputNumber it never changes what was typed: a value
 * out of range stays as typed (antd clamps to min/max on blur), too many decimals are not rounded, and
 * text that is no number ("abc", "一百万") stays visible with a message instead of vanishing. The
 * limits and messages are the server's, from contracts/limits.ts.
 *
 * In a Form.Item, add `numberRule(limit)` to the rules: the field's value is the number, or the typed
 * text while it is not one, so the form refuses to submit. Outside a form, `inlineError` shows the
 * message under the field and `numberProblem(limit, value)` tells the caller not to send.
 *
 * An editor that is no Form (a template's tree, a questionnaire) keeps only valid numbers in its state:
 * it wraps its fields in `<NumberProblems.Provider value={report}>` from `useNumberProblems()`, each
 * field reports its problem there, and the editor refuses to save while `problems` is not empty.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
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
  /** Empty is a problem too (outside a Form.Item, whose rules say so themselves). */
  required?: boolean;
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

type Report = (key: object, problem: string | null) => void;

/** Where the NumberFields of an editor outside a Form report their problems (see useNumberProblems). */
export const NumberProblems = createContext<Report | null>(null);

/** The problems of the NumberFields inside `<NumberProblems.Provider value={report}>`, in no particular order. */
export function useNumberProblems(): { problems: string[]; report: Report } {
  const [map, setMap] = useState<Map<object, string>>(() => new Map());
  const report = useCallback<Report>(
    (key, problem) =>
      setMap((m) => {
        if ((m.get(key) ?? null) === problem) return m;
        const next = new Map(m);
        if (problem) next.set(key, problem);
        else next.delete(key);
        return next;
      }),
    [],
  );
  const problems = useMemo(() => [...new Set(map.values())], [map]);
  return { problems, report };
}

/** "请填写「分值」" for an empty required field. */
export const requiredMessage = (limit: NumberLimit) => `请填写「${limit.label}」`;

/**
 * The onChange of a field whose owner keeps only numbers that may be saved: `apply` gets the number
 * when the text is one inside the limit; otherwise the field keeps the text and reports the problem.
 */
export function whenValid(limit: NumberLimit, apply: (value: number | null) => void, required = false) {
  return (v: NumberFieldValue) => {
    if (v === null ? !required : numberProblem(limit, v) === null) apply(v as number | null);
  };
}

export function NumberField({ limit, value, onChange, inlineError, required, style, ...rest }: NumberFieldProps) {
  const [text, setText] = useState(() => show(limit, value));
  // A value set from outside (a form reset, a loaded record) replaces the text; the echo of our own
  // change does not, so "1.50" is not rewritten to "1.5" while typing.
  useEffect(() => {
    setText((t) => {
      const read = readNumberText(t);
      const same = typeof value === "string" ? t === value : read.ok && read.value === (value ?? null);
      return same ? t : show(limit, value);
    });
    // The limit's content, not its identity: a limit built while rendering must not reset the text.
  }, [value, limit.decimals, limit.fixed]);
  const problem = required && text.trim() === "" ? requiredMessage(limit) : numberProblem(limit, text);
  const report = useContext(NumberProblems);
  const key = useRef({}).current;
  useEffect(() => report?.(key, problem), [report, key, problem]);
  useEffect(() => () => report?.(key, null), [report, key]);
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
