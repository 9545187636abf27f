/**
 * Helpers for the negative and positive fixtures in test/fixtures/<content-type>/{valid,invalid}/: reading them,
 * and mapping a raw (unvalidated) item to RDF so SHACL sees the same defect zod sees.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import type { Kind } from "../../src/model/common.js";
import type { ContentItem } from "../../src/model/index.js";
import { type CodecEnv, type ContentMapping, kindOfItem, writeNode } from "../../src/rdf/mapping.js";
import { MAPPINGS } from "../../src/rdf/registry.js";
import { createMappingContext, documentIri, subjectIriOf } from "../../src/rdf/to-dataset.js";
import type { Site, SiteDocument } from "../../src/site/site.js";

/** test/fixtures. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures", import.meta.url));

/** The base IRI fixtures are mapped under. */
export const FIXTURE_BASE = "https://data.example.gov/";

/** What an invalid fixture must fail with (invalid/expected.json). */
export interface Expectation {
  /** zod issue codes, as a set. */
  schema: string[];
  /** SHACL constraint components of the violations, as a set. */
  shacl: string[];
  /** The model field the defect is in. */
  field: string;
}

/** One fixture file. */
export interface Fixture {
  contentType: string;
  validity: "valid" | "invalid";
  name: string;
  /** Path relative to the repository, as issues name it. */
  file: string;
  raw: unknown;
}

/** Every content type's fixture folder: the src/model basename of each registered type (`NewsItem` → `news-item`). */
export function fixtureTypes(): string[] {
  return Object.keys(MAPPINGS)
    .map((t) => t.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase())
    .sort();
}

/** The fixtures of one content type and validity (expected.json excluded). */
export function fixtures(contentType: string, validity: "valid" | "invalid"): Fixture[] {
  const dir = join(FIXTURES_DIR, contentType, validity);
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json") && n !== "expected.json")
    .sort()
    .map((name) => ({
      contentType,
      validity,
      name,
      file: `test/fixtures/${contentType}/${validity}/${name}`,
      raw: JSON.parse(readFileSync(join(dir, name), "utf8")) as unknown,
    }));
}

/** invalid/expected.json of a content type. */
export function expectations(contentType: string): Record<string, Expectation> {
  return JSON.parse(
    readFileSync(join(FIXTURES_DIR, contentType, "invalid", "expected.json"), "utf8"),
  ) as Record<string, Expectation>;
}

/**
 * Maps a raw item the way toItemQuads does, field by field, without validating it first: a field whose codec
 * cannot write the raw value writes nothing, so SHACL sees the field as missing or malformed exactly as zod does.
 * Returns a one-document {@link Site}, so the locator can name the file and field.
 */
export function mapRaw(raw: unknown): { site: Site; quads: Quad[] } {
  const item = raw as ContentItem;
  const mapping: ContentMapping = MAPPINGS[item.type];
  const ctx = createMappingContext([], { baseIri: FIXTURE_BASE });
  const subject = DataFactory.namedNode(subjectIriOf(item, ctx));
  const kind: Kind = kindOfItem(mapping, item);
  const quads: Quad[] = [];
  const env: CodecEnv = { ctx, subject, emit: (q) => quads.push(q), objects: () => [] };
  const attempt = (write: () => void) => {
    try {
      write();
    } catch {
      // The raw value does not fit the codec: nothing is written for it.
    }
  };
  const conditional = (mapping.conditionalClasses ?? []).flatMap((c) => {
    let holds = false;
    attempt(() => {
      holds = c.when(item);
    });
    return holds ? c.classes : [];
  });
  writeNode([...mapping.classes, ...conditional], [], {}, env);
  const record = item as unknown as Record<string, unknown>;
  for (const f of mapping.fields) attempt(() => writeNode([], [f], record, env));
  attempt(() => mapping.derived?.(item, env));
  const ref = `${kind}/${item.slug}`;
  const doc: SiteDocument = {
    ref,
    kind,
    slug: item.slug,
    documentIri: documentIri(FIXTURE_BASE, kind, item.slug),
    thingIri: subject.value,
    item,
    quads,
    lastModified: undefined,
  };
  return {
    site: { baseIri: FIXTURE_BASE, documents: new Map([[ref, doc]]), quads, lastModified: undefined },
    quads,
  };
}
