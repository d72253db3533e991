import cliProgress from "cli-progress";

/** An error the user can fix; printed without a stack trace, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A progress bar on a terminal; silent when output is piped or --json is asked. */
export function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) {
    return { start() {}, update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { format: " {step} [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    start(total: number, step: string) {
      bar.start(total, 0, { step });
      started = true;
    },
    update(value: number, step: string) {
      if (started) bar.update(value, { step });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Pads Chinese text by display width (a CJK character takes two columns). */
export function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const w = [...text].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const fill = " ".repeat(Math.max(0, width - w));
  return align === "left" ? text + fill : fill + text;
}
