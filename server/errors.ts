import { ERROR_CODES, type ErrorCode, type ErrorBody, type Problem } from "../contracts/errors";

/** The one error type of the services. `message` is Chinese and tells the user what to fix. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems?: Problem[],
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}) } };
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what}不存在`);
