import { type Issue, ValidationError } from "../errors.js";
import { type ContentItem, ContentItemSchema } from "./index.js";

/** Converts zod issues to govlod issues, keeping code and path. */
function toIssues(error: {
  issues: readonly { code: string; path: PropertyKey[]; message: string }[];
}): Issue[] {
  return error.issues.map((i) => ({
    source: "schema",
    code: i.code,
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
    severity: "violation",
  }));
}

/**
 * Validates one content item without throwing.
 * @example
 * const r = safeParseContent(json);
 * if (!r.success) report(r.issues);
 */
export function safeParseContent(
  input: unknown,
): { success: true; data: ContentItem } | { success: false; issues: Issue[] } {
  const r = ContentItemSchema.safeParse(input);
  return r.success ? { success: true, data: r.data } : { success: false, issues: toIssues(r.error) };
}

/** Validates one content item; throws {@link ValidationError} with the issues when invalid. */
export function parseContent(input: unknown): ContentItem {
  const r = safeParseContent(input);
  if (!r.success) throw new ValidationError(r.issues);
  return r.data;
}
