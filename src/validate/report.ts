import type { Issue, IssueSeverity } from "../errors.js";
import { compact } from "./shacl.js";

/** `text` for people, `json` for CI pipelines. */
export type ReportFormat = "text" | "json";

/** Options for {@link formatReport}. */
export interface ReportOptions {
  /** Default `text`. */
  format?: ReportFormat;
  /** Leave out warnings and infos (text only; JSON always lists everything). */
  violationsOnly?: boolean;
}

const HINTS: Readonly<Record<string, string>> = Object.freeze({
  // SHACL constraint components
  MinCountConstraintComponent: "add the missing field",
  MaxCountConstraintComponent: "keep one value",
  PatternConstraintComponent: "write the value in the expected form",
  DatatypeConstraintComponent:
    "write the value with the expected type (text in nb/nn/en, dates with time zone)",
  NodeKindConstraintComponent: 'use an absolute IRI or a "kind/slug" reference',
  ClassConstraintComponent: "refer to an item of the expected type",
  LanguageInConstraintComponent: "write the text in nb, nn or en",
  UniqueLangConstraintComponent: "give at most one text per language",
  InConstraintComponent: "use one of the allowed values",
  QualifiedMinCountConstraintComponent: "add a value of the required kind",
  MinLengthConstraintComponent: "write a longer text",
  MaxLengthConstraintComponent: "shorten the text",
  OrConstraintComponent: "give one of the alternatives the rule lists",
  NodeConstraintComponent: "fix the value so it meets the rule it refers to",
  // zod
  invalid_type: "give the field a value of the type the model expects",
  invalid_format: "write the value in the form the message names",
  too_small: "add at least the minimum number of values",
  too_big: "shorten the value or remove values",
  unrecognized_keys: "remove the unknown field or check its spelling",
  invalid_union: "use one of the allowed forms",
  invalid_value: "use one of the allowed values",
  custom: "fix the value as the message says",
  // loader
  dangling_reference: "create the item, fix the slug, or use an absolute IRI for external things",
  duplicate_slug: "give each item of a kind its own slug",
  slug_mismatch: "name the file after the slug",
  circular_reference: "break the loop of parent/part references",
  invalid_json: "fix the JSON syntax",
});

/** A short hint how to fix an issue: its own hint, else one for its rule. */
export function hintFor(issue: Pick<Issue, "code" | "hint">): string {
  return issue.hint ?? HINTS[issue.code] ?? "see the message";
}

const LABEL: Readonly<Record<IssueSeverity, string>> = Object.freeze({
  violation: "error",
  warning: "warning",
  info: "info",
});

const ORDER: Readonly<Record<IssueSeverity, number>> = Object.freeze({ violation: 0, warning: 1, info: 2 });

/**
 * Formats issues as a report. Text: grouped by file (issues without a file under their focus node), one line per
 * issue with severity, field, rule, message and a fix hint, then a summary line. JSON: `{ conforms, violations,
 * warnings, infos, issues }`, every issue with its hint filled in.
 * @example
 * const json = formatReport(issues, { format: "json" });
 */
export function formatReport(issues: readonly Issue[], options: ReportOptions = {}): string {
  const counts = { violations: 0, warnings: 0, infos: 0 };
  for (const i of issues) {
    if (i.severity === "violation") counts.violations++;
    else if (i.severity === "warning") counts.warnings++;
    else counts.infos++;
  }
  if (options.format === "json") {
    const body = {
      conforms: counts.violations === 0,
      ...counts,
      issues: issues.map((i) => ({ ...i, hint: hintFor(i) })),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  const shown = options.violationsOnly ? issues.filter((i) => i.severity === "violation") : issues;
  const groups = new Map<string, Issue[]>();
  for (const i of shown) {
    const key = i.file ?? (i.focusNode ? `<${i.focusNode}>` : "(no file)");
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const lines: string[] = [];
  for (const key of [...groups.keys()].sort()) {
    lines.push(key);
    const group = (groups.get(key) ?? []).slice().sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    for (const i of group) {
      const field = i.field ?? fieldOf(i);
      lines.push(`  ${LABEL[i.severity].padEnd(7)} ${field}  ${i.message} [${i.code}] → ${hintFor(i)}`);
    }
  }
  const files = new Set(shown.map((i) => i.file).filter(Boolean)).size;
  lines.push(
    counts.violations === 0
      ? `valid: 0 errors, ${counts.warnings} warning(s)`
      : `invalid: ${counts.violations} error(s), ${counts.warnings} warning(s) in ${files} file(s)`,
  );
  return `${lines.join("\n")}\n`;
}

/** Without a model field: the predicate as a CURIE (SHACL), else the path (zod), else "-". */
function fieldOf(i: Issue): string {
  if (i.path.length === 0) return "-";
  if (i.source === "shacl" && typeof i.path[0] === "string") return compact(i.path[0]);
  return i.path.join(".");
}
