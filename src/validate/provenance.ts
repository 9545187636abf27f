import type { Quad } from "@rdfjs/types";
import type { FieldMapping } from "../rdf/mapping.js";
import { mappingFor } from "../rdf/registry.js";
import { LayeredMap, type Lookup } from "../site/layered-map.js";
import type { Site, SiteDocument } from "../site/site.js";
import type { Locator, Provenance } from "./shacl.js";

/** Which file holds which item: `"kind/slug"` → file path. */
export type FileMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** Looks up the file of an item in a {@link FileMap}. */
export function fileOf(files: FileMap | undefined, ref: string): string | undefined {
  if (!files) return undefined;
  return files instanceof Map ? files.get(ref) : (files as Readonly<Record<string, string>>)[ref];
}

/**
 * Creates a {@link Locator} that maps a SHACL result back to the content that produced it, from the mapping
 * declarations alone: the focus node names a document's subject (its thing, a nested node such as
 * `…#postal-address`, or the document node), and the field is the one whose emissions write the predicate
 * (for a nested node: the field that links the thing to it). The write path is not involved.
 * @param files which file holds each item, so issues can name it
 * @example
 * const locate = createLocator(site, new Map([["news/x", "data/news/x.json"]]));
 * locate(thingIri, "http://schema.org/headline"); // { ref: "news/x", file: "data/news/x.json", field: "title" }
 */
export function createLocator(site: Site, files?: FileMap): Locator {
  const owner = siteOwners(site);
  return (focusNode, predicate) => {
    const doc = owner.get(focusNode);
    if (!doc) return undefined;
    const file = fileOf(files, doc.ref);
    const field = fieldFor(doc, focusNode, predicate);
    const nested = focusNode !== doc.thingIri && focusNode !== doc.documentIri;
    const out: Provenance = {
      ref: doc.ref,
      ...(file ? { file } : {}),
      ...(field ? { field } : {}),
      ...(nested ? { nested } : {}),
    };
    return out;
  };
}

/** The model field that writes `focusNode predicate ?o` in a document. */
export function fieldFor(
  doc: SiteDocument,
  focusNode: string,
  predicate: string | undefined,
): string | undefined {
  const fields = mappingFor(doc.item).fields;
  if (focusNode === doc.thingIri) return predicate ? fieldWriting(fields, predicate, doc.item) : undefined;
  if (focusNode === doc.documentIri) return undefined;
  // A nested node: follow the links back to the thing; the first hop's predicate names the field.
  const hop = linkFromThing(doc, focusNode);
  return hop ? fieldWriting(fields, hop.predicate.value, doc.item) : undefined;
}

function fieldWriting(fields: readonly FieldMapping[], predicate: string, item: object): string | undefined {
  const candidates = fields.filter((f) => f.emissions.some((e) => e.predicate.value === predicate));
  if (candidates.length <= 1) return candidates[0]?.field;
  // Several fields may write one predicate (postal and visiting address both as vcard:hasAddress): prefer one
  // the item actually has.
  const record = item as Record<string, unknown>;
  return (candidates.find((f) => record[f.field] !== undefined) ?? candidates[0])?.field;
}

function linkFromThing(doc: SiteDocument, node: string): Quad | undefined {
  const fields = mappingFor(doc.item).fields;
  const writers = (q: Quad) =>
    fields.filter((f) => f.emissions.some((e) => e.predicate.equals(q.predicate))).length;
  const seen = new Set<string>([node]);
  let frontier = [node];
  let fallback: Quad | undefined;
  // Breadth-first back to the thing; a hop whose predicate only one field writes wins, so the answer does not
  // depend on quad order (postal and visiting address both link as vcard:hasAddress).
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const target of frontier) {
      const incoming = doc.quads.filter(
        (q) => q.object.termType === "NamedNode" && q.object.value === target,
      );
      for (const q of incoming) {
        if (q.subject.value === doc.thingIri) {
          if (writers(q) === 1) return q;
          fallback ??= q;
        } else if (!seen.has(q.subject.value)) {
          seen.add(q.subject.value);
          next.push(q.subject.value);
        }
      }
    }
    frontier = next;
  }
  return fallback;
}

/** Per site: the document each node belongs to (its thing's document, else the first that describes it). */
const OWNERS = new WeakMap<Site, Map<string, SiteDocument> | LayeredMap<string, SiteDocument>>();

/** The owner of every node of a site, once per site. */
function siteOwners(site: Site): Lookup<string, SiteDocument> {
  let owner = OWNERS.get(site);
  if (!owner) {
    const map = new Map<string, SiteDocument>();
    for (const doc of site.documents.values()) if (!map.has(doc.thingIri)) map.set(doc.thingIri, doc);
    for (const doc of site.documents.values())
      for (const q of doc.quads) if (!map.has(q.subject.value)) map.set(q.subject.value, doc);
    OWNERS.set(site, map);
    owner = map;
  }
  return owner;
}

/**
 * The owners of `site` from those of `previous` when only documents that kept their thing and their subjects
 * changed (`changed`: each one's two versions): the same nodes, owned by the new version where the old one owned
 * them. Nothing when the previous site's owners were never asked for.
 */
export function carryOwners(
  previous: Site,
  site: Site,
  changed: readonly (readonly [SiteDocument, SiteDocument])[],
): void {
  const before = OWNERS.get(previous);
  if (!before || OWNERS.has(site)) return;
  const map = new LayeredMap(before);
  for (const [old, now] of changed)
    for (const q of now.quads) if (map.get(q.subject.value) === old) map.set(q.subject.value, now);
  OWNERS.set(site, map);
}
