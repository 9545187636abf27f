import { LodError } from "../errors.js";

/** Why the endpoint refused a well-formed request. */
export type RefusalReason = "update" | "service";

/** The endpoint will not run this request: it is an update (read-only endpoint), or it asks for `SERVICE`. */
export class QueryRefusedError extends LodError {
  override name = "QueryRefusedError";
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string, options?: { cause?: unknown }) {
    super("query_refused", message, options);
    this.reason = reason;
  }
}

/** The query ran longer than the time limit and was stopped. */
export class QueryTimeoutError extends LodError {
  override name = "QueryTimeoutError";
  /** The limit in milliseconds. */
  readonly limitMs: number;
  constructor(limitMs: number, options?: { cause?: unknown }) {
    super("query_timeout", `The query ran longer than the limit of ${limitMs} ms and was stopped.`, options);
    this.limitMs = limitMs;
  }
}

/** The result has more rows (or triples) than the endpoint returns in one answer. */
export class ResultTooLargeError extends LodError {
  override name = "ResultTooLargeError";
  /** The most rows or triples one answer may have. */
  readonly limit: number;
  constructor(limit: number, what = "results", options?: { cause?: unknown }) {
    super(
      "result_too_large",
      `The answer has more than ${limit} ${what}; narrow the query or page through it with LIMIT and OFFSET.`,
      options,
    );
    this.limit = limit;
  }
}
