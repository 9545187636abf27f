import { type Issue, ValidationError } from "../errors.js";
import { type ContentItem, ContentItemSchema } from "./index.js";

/** Converts zod issues to govlod issues, keeping code and path. */
/**
 * Converts zod issues to govlod issues, keeping zod's code and path; `extra` adds the file or focus node, and the
 * message starts with the field so a one-line report reads on its own.
 */
export function issuesFromZod(
  error: {
    issues: readonly { code: string; path: PropertyKey[]; message: string; keys?: readonly string[] }[];
  },
  extra: Partial<Pick<Issue, "file" | "focusNode">> = {},
): Issue[] {
  return error.issues.flatMap((i) => {
    const at = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    // An unknown key is an issue of that field (`status`), not of the object that has it.
    const fields =
      i.code === "unrecognized_keys" && i.keys?.length
        ? i.keys.map((k) => ({
            path: [...at, k],
            message: "is not known here (check its spelling; text is in nb, nn or en)",
          }))
        : [{ path: at, message: i.message }];
    return fields.map(({ path, message }) => ({
      source: "schema" as const,
      code: i.code,
      path,
      message: path.length > 0 ? `field "${path.join(".")}": ${message}` : message,
      severity: "violation" as const,
      ...extra,
    }));
  });
}

/**
 * How content is parsed: a field that is missing is reported as required (zod says "expected string, received
 * undefined").
 */
export const CONTENT_PARSE = {
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined,
} as const;

/**
 * Validates one content item without throwing.
 * @example
 * const r = safeParseContent(json);
 * if (!r.success) report(r.issues);
 */
export function safeParseContent(
  input: unknown,
): { success: true; data: ContentItem } | { success: false; issues: Issue[] } {
  const r = ContentItemSchema.safeParse(input, CONTENT_PARSE);
  return r.success ? { success: true, data: r.data } : { success: false, issues: issuesFromZod(r.error) };
}

/** Validates one content item; throws {@link ValidationError} with the issues when invalid. */
export function parseContent(input: unknown): ContentItem {
  const r = safeParseContent(input);
  if (!r.success) throw new ValidationError(r.issues);
  return r.data;
}
