import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import { Parser, Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { STANDARDS_DIR } from "../helpers/seed.js";

/** Official shape files the catalog is checked against, relative to ../shared/standards. */
export const OFFICIAL_SHAPES = Object.freeze({
  "DCAT-AP-NO 3 core": "dcat-ap-no/v3-draft/dcatapno3-core-shapes.ttl",
  "DCAT-AP 3.0.1 mandatory": "dcat-ap/3.0.1/modular/shapes.ttl",
});

const cache = new Map<string, Store>();

/**
 * Loads an official shape file. DESIGN §7: the DCAT-AP-NO files declare `dcatap:` without its trailing `/`;
 * that is fixed here, at load time, never in the file.
 */
function loadShapes(file: string): Store {
  let store = cache.get(file);
  if (!store) {
    const text = readFileSync(join(STANDARDS_DIR, file), "utf8").replace(
      /(@prefix\s+dcatap:\s*<http:\/\/data\.europa\.eu\/r5r)>/g,
      "$1/>",
    );
    store = new Store(new Parser().parse(text));
    cache.set(file, store);
  }
  return store;
}

/** Violations (not warnings) of an official shape file, as readable lines. */
export async function officialViolations(quads: readonly Quad[], file: string): Promise<string[]> {
  const validator = new SHACLValidator(loadShapes(file));
  const report = await validator.validate(new Store([...quads]));
  return report.results
    .filter((r) => r.severity?.value.endsWith("#Violation"))
    .map((r) => `${r.focusNode?.value} ${r.path?.value ?? ""} ${r.message.map((m) => m.value).join(" ")}`);
}
