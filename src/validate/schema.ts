import type { Issue } from "../errors.js";
import { type ContentItem, ContentItemSchema } from "../model/index.js";
import { CONTENT_PARSE } from "../model/parse.js";

/** Options for {@link validateContent}. */
export interface ContentValidationOptions {
  /** The file the input came from; every issue names it. */
  file?: string;
}

/** The outcome of checking one content item against the input model. */
export type ContentValidationResult =
  | { success: true; data: ContentItem; issues: [] }
  | { success: false; issues: Issue[] };

/**
 * Checks one content item against the zod model and returns issues in the shape SHACL issues have:
 * `source: "schema"`, the zod `code`, the field `path`, a message naming the field, and a fix hint.
 * @example
 * const r = validateContent(JSON.parse(text), { file: "data/news/x.json" });
 * if (!r.success) report = formatReport(r.issues);
 */
export function validateContent(
  input: unknown,
  options: ContentValidationOptions = {},
): ContentValidationResult {
  const parsed = ContentItemSchema.safeParse(input, CONTENT_PARSE);
  if (parsed.success) return { success: true, data: parsed.data, issues: [] };
  return {
    success: false,
    issues: parsed.error.issues.map((i) => {
      const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      const field = path.filter((p): p is string => typeof p === "string").join(".");
      const unknown = i.code === "unrecognized_keys" ? (i as { keys?: string[] }).keys : undefined;
      const hint = hintFor(i.code, unknown);
      const issue: Issue = {
        source: "schema",
        code: i.code,
        path,
        message: `${path.length > 0 ? `field "${path.join(".")}": ` : ""}${i.message}`,
        severity: "violation",
        ...(options.file ? { file: options.file } : {}),
        ...(field ? { field } : unknown?.[0] ? { field: unknown[0] } : {}),
        ...(hint ? { hint } : {}),
      };
      return issue;
    }),
  };
}

function hintFor(code: string, keys: string[] | undefined): string | undefined {
  switch (code) {
    case "invalid_type":
      return "give the field a value of the type the model expects (see src/model)";
    case "invalid_format":
      return "write the value in the form the message names";
    case "too_small":
      return "add at least the minimum number of values";
    case "too_big":
      return "shorten the value or remove values";
    case "unrecognized_keys":
      return `remove ${keys?.map((k) => `"${k}"`).join(", ") ?? "the unknown fields"} or check the spelling`;
    case "invalid_union":
    case "invalid_value":
      return "use one of the allowed values";
    default:
      return undefined;
  }
}
