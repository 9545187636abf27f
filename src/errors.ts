/**
 * Errors thrown by govlod, and the one issue shape shared by input (zod) and RDF (SHACL) validation.
 * @module
 */

/** Machine-readable error codes; library errors carry no HTTP status (the router maps them). */
export type LodErrorCode =
  | "invalid_content"
  | "shacl_violation"
  | "not_found"
  | "not_acceptable"
  | "parse_error"
  | "io_error"
  | "usage_error"
  | "query_refused"
  | "query_timeout"
  | "result_too_large"
  /** The server is at capacity (e.g. the SPARQL engine's queue is full): try again later (HTTP 503). */
  | "busy";

/** Where an issue comes from: the typed input model, or SHACL over the mapped RDF. */
export type IssueSource = "schema" | "shacl" | "load";

/** How bad an issue is; only violations make content invalid. */
export type IssueSeverity = "violation" | "warning" | "info";

/**
 * One problem found in content. zod, loader and SHACL issues share this shape so one report can list them.
 */
export interface Issue {
  /** Which layer found the problem. */
  source: IssueSource;
  /** The rule: a zod issue code, a loader rule (`dangling_reference`), or a SHACL constraint component. */
  code: string;
  /** The field path inside the content item (zod) or the predicate IRI (SHACL). */
  path: (string | number)[];
  /** A sentence a person can act on. */
  message: string;
  severity: IssueSeverity;
  /** The content file that produced the problem, when known. */
  file?: string;
  /** The RDF node the SHACL result is about. */
  focusNode?: string;
  /** The model field that produced the offending triple, when the mapping knows it. */
  field?: string;
  /** A short hint how to fix it. */
  hint?: string;
}

/** Base class of every error govlod throws. */
export class LodError extends Error {
  override name = "LodError";
  readonly code: LodErrorCode;
  constructor(code: LodErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Content failed validation; `issues` says where and why. */
export class ValidationError extends LodError {
  override name = "ValidationError";
  readonly issues: readonly Issue[];
  constructor(
    issues: readonly Issue[],
    options?: { cause?: unknown; code?: "invalid_content" | "shacl_violation" },
  ) {
    super(options?.code ?? "invalid_content", formatIssues(issues), options);
    this.issues = issues;
  }
}

/** No resource with this IRI. */
export class NotFoundError extends LodError {
  override name = "NotFoundError";
  readonly iri: string;
  constructor(iri: string, options?: { cause?: unknown }) {
    super("not_found", `No resource ${iri}`, options);
    this.iri = iri;
  }
}

/** No representation matches what the client accepts. */
export class NotAcceptableError extends LodError {
  override name = "NotAcceptableError";
  readonly supported: readonly string[];
  constructor(supported: readonly string[], options?: { cause?: unknown }) {
    super("not_acceptable", `Not acceptable; available: ${supported.join(", ")}`, options);
    this.supported = supported;
  }
}

/** Input could not be parsed (JSON, Turtle, ...). */
export class ParseError extends LodError {
  override name = "ParseError";
  readonly line: number | undefined;
  readonly file: string | undefined;
  constructor(message: string, options?: { cause?: unknown; line?: number; file?: string }) {
    super("parse_error", message, options);
    this.line = options?.line;
    this.file = options?.file;
  }
}

/** Reading or writing files or remote stores failed. */
export class IoError extends LodError {
  override name = "IoError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("io_error", message, options);
  }
}

const LOD_ERROR_NAMES = new Set([
  "LodError",
  "ValidationError",
  "NotFoundError",
  "NotAcceptableError",
  "ParseError",
  "IoError",
  "QueryRefusedError",
  "QueryTimeoutError",
  "ResultTooLargeError",
]);

/** True for any govlod error, also across realms (checks `name` and `code`, not only `instanceof`). */
export function isLodError(e: unknown): e is LodError {
  if (e instanceof LodError) return true;
  return (
    typeof e === "object" &&
    e !== null &&
    LOD_ERROR_NAMES.has((e as { name?: unknown }).name as string) &&
    typeof (e as { code?: unknown }).code === "string"
  );
}

/** Formats one issue as a single line: `file: path: message (code)`. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.path.length > 0 ? issue.path.join(".") : undefined]
    .filter(Boolean)
    .join(": ");
  return `${where ? `${where}: ` : ""}${issue.message} (${issue.code})`;
}

function formatIssues(issues: readonly Issue[]): string {
  const head = issues.slice(0, 5).map(formatIssue);
  const more = issues.length > 5 ? [`... and ${issues.length - 5} more`] : [];
  return [`${issues.length} issue(s):`, ...head, ...more].join("\n  ");
}
