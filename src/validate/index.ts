/**
 * Validation: zod for input, SHACL for the mapped RDF, one issue shape for both, and a readable report.
 * @module
 */
import type { DatasetCore, Quad } from "@rdfjs/types";
import { type Issue, ValidationError } from "../errors.js";
import type { Site } from "../site/site.js";
import { createLocator, type FileMap } from "./provenance.js";
import { type ShapesInput, validateShacl } from "./shacl.js";

export type { DocumentValidationOptions } from "./documents.js";
export {
  documentFocusNodes,
  documentGraph,
  documentSubjects,
  issueKey,
  mergeIssues,
  validateDocument,
  validateDocuments,
  validateDocumentsByRef,
} from "./documents.js";
export type { FileMap } from "./provenance.js";
export { createLocator, fieldFor, fileOf } from "./provenance.js";
export type { ReportFormat, ReportOptions } from "./report.js";
export { formatReport, hintFor } from "./report.js";
export type { ContentValidationOptions, ContentValidationResult } from "./schema.js";
export { validateContent } from "./schema.js";
export type { Locator, Provenance, ShaclOptions, ShaclResult, Shapes, ShapesInput } from "./shacl.js";
export { compact, createShapes, issueOf, validateShacl, validateShaclResults } from "./shacl.js";

/** Options for {@link validate}. */
export interface ValidateOptions {
  /** The shapes to validate against, e.g. `await loadShapes()`. */
  shapes: ShapesInput;
  /** The site the data was mapped from: lets issues name the item and field that produced a triple. */
  site?: Site;
  /** Which file holds each item (`"kind/slug"` → path), so issues name the file. */
  files?: FileMap;
}

/** The outcome of validation: `conforms` is false when any issue is a violation (warnings do not count). */
export interface ValidationResult {
  conforms: boolean;
  issues: Issue[];
}

/**
 * Validates RDF against SHACL shapes. Never throws for bad data: it resolves to `{ conforms, issues }`.
 * @example
 * const shapes = await loadShapes();
 * const site = createSite(items);
 * const { conforms, issues } = await validate(site.quads, { shapes, site });
 */
export async function validate(
  dataset: DatasetCore | Iterable<Quad>,
  options: ValidateOptions,
): Promise<ValidationResult> {
  const issues = await validateShacl(dataset, options.shapes, {
    ...(options.site ? { locate: createLocator(options.site, options.files) } : {}),
  });
  return { conforms: !issues.some((i) => i.severity === "violation"), issues };
}

/**
 * Like {@link validate}, but throws {@link ValidationError} (code `shacl_violation`) when the data does not
 * conform; resolves to the result (with any warnings) when it does.
 * @example
 * await assertValid(site.quads, { shapes, site });
 */
export async function assertValid(
  dataset: DatasetCore | Iterable<Quad>,
  options: ValidateOptions,
): Promise<ValidationResult> {
  const result = await validate(dataset, options);
  if (!result.conforms) {
    throw new ValidationError(
      result.issues.filter((i) => i.severity === "violation"),
      { code: "shacl_violation" },
    );
  }
  return result;
}
