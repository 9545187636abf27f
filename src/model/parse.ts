import { type Issue, ValidationError } from "../errors.js";
import { type ContentItem, ContentItemSchema } from "./index.js";

/** Converts zod issues to govlod issues, keeping code and path. */
/**
 * Converts zod issues to govlod issues, keeping zod's code and path; `extra` adds the file or focus node, and the
 * message starts with the field so a one-line report reads on its own.
 */
export function issuesFromZod(
  error: { issues: readonly { code: string; path: PropertyKey[]; message: string }[] },
  extra: Partial<Pick<Issue, "file" | "focusNode">> = {},
): Issue[] {
  return error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    return {
      source: "schema",
      code: i.code,
      path,
      message: path.length > 0 ? `field "${path.join(".")}": ${i.message}` : i.message,
      severity: "violation",
      ...extra,
    };
  });
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
  return r.success ? { success: true, data: r.data } : { success: false, issues: issuesFromZod(r.error) };
}

/** Validates one content item; throws {@link ValidationError} with the issues when invalid. */
export function parseContent(input: unknown): ContentItem {
  const r = safeParseContent(input);
  if (!r.success) throw new ValidationError(r.issues);
  return r.data;
}
