/**
 * The official SHACL shape sets the catalog is checked against, read from ../shared/standards (DESIGN §7), with
 * their known defects handled here, at load time — never by editing the files — and the background knowledge
 * (code lists, class hierarchy) their class constraints need.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser, Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import { STANDARDS_DIR } from "../helpers/seed.js";

const { namedNode, quad } = DataFactory;
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports";
const SKOS = "http://www.w3.org/2004/02/skos/core#";
const DCT = "http://purl.org/dc/terms/";
const DCAT = "http://www.w3.org/ns/dcat#";
const SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type";

/** A known defect of an official file and how it is repaired while loading. */
export interface Repair {
  /** What is wrong, in one sentence. */
  readonly defect: string;
  /** Text-level repair applied before parsing. */
  readonly apply: (turtle: string) => string;
  /** A string that only occurs in the file while the defect is there (the test proves the repair is needed). */
  readonly evidence: RegExp;
}

/** DESIGN §7: the DCAT-AP-NO shapes declare `dcatap:` as `<http://data.europa.eu/r5r>`, without the `/`. */
export const DCATAP_PREFIX: Repair = {
  defect:
    "declares the dcatap: prefix without its trailing slash, so dcatap:availability becomes …/r5ravailability",
  evidence: /PREFIX\s+dcatap:\s*<http:\/\/data\.europa\.eu\/r5r>/i,
  apply: (t) => t.replace(/((?:@prefix|PREFIX)\s+dcatap:\s*<http:\/\/data\.europa\.eu\/r5r)>/gi, "$1/>"),
};

/**
 * The DCAT-AP-NO 3 draft range shapes check dcat:mediaType with `^https://www.w3.org/ns/iana/media-types/application/*`:
 * read as a regular expression, that admits only `application/…` types under a W3C namespace, so text/turtle or
 * text/csv — registered IANA media types — always fail, contradicting the shape's own description ("Code must
 * refer to a IANA Media Type"). The repair checks what the description says, with the IANA registry IRIs that
 * DCAT 3 and DCAT-AP 3.0.1 (mdr-vocabularies.shape.ttl: `^http.*://www.iana.org/assignments/media-types/`) use,
 * besides the draft's W3C form.
 */
export const NO3_MEDIA_TYPE_PATTERN: Repair = {
  defect: "the dcat:mediaType pattern admits only application/* media types under www.w3.org/ns/iana",
  evidence: /sh:pattern "\^https:\/\/www\.w3\.org\/ns\/iana\/media-types\/application\/\*"/,
  apply: (t) =>
    t.replace(
      'sh:pattern "^https://www.w3.org/ns/iana/media-types/application/*"',
      'sh:pattern "^https?://www\\\\.(iana\\\\.org/assignments/media-types|w3\\\\.org/ns/iana/media-types)/[a-z]+/[^/]+$"',
    ),
};

/** One official shape set. */
export interface OfficialSet {
  /** Files relative to ../shared/standards. */
  readonly files: readonly string[];
  readonly repairs: readonly Repair[];
  /** True when the set only states recommendations (warnings are expected, violations never). */
  readonly recommended?: boolean;
}

/** The official sets the seed catalog must conform to (issue 3). */
export const OFFICIAL_SETS = Object.freeze({
  "DCAT-AP-NO 3 draft core": {
    files: ["dcat-ap-no/v3-draft/dcatapno3-core-shapes.ttl"],
    repairs: [DCATAP_PREFIX],
  },
  "DCAT-AP-NO 3 draft range": {
    files: ["dcat-ap-no/v3-draft/dcatapno3-range-shapes.ttl"],
    repairs: [DCATAP_PREFIX, NO3_MEDIA_TYPE_PATTERN],
  },
  "DCAT-AP 3.0.1 mandatory": { files: ["dcat-ap/3.0.1/modular/shapes.ttl"], repairs: [] },
  "DCAT-AP 3.0.1 recommended": {
    files: ["dcat-ap/3.0.1/modular/shapes_recommended.ttl"],
    repairs: [],
    recommended: true,
  },
  "DCAT-AP 3.0.1 range": { files: ["dcat-ap/3.0.1/modular/range.ttl"], repairs: [] },
  "DCAT-AP-NO 2.2": { files: ["dcat-ap-no/v2.2/DCAT-AP-NO-shacl_shapes_2.00.ttl"], repairs: [DCATAP_PREFIX] },
} satisfies Record<string, OfficialSet>);

/** Name of an official set. */
export type OfficialSetName = keyof typeof OFFICIAL_SETS;

/** The raw text of an official file. */
export function readStandard(file: string): string {
  return readFileSync(join(STANDARDS_DIR, file), "utf8");
}

const shapesCache = new Map<string, Store>();

/**
 * The shapes of a set, repaired. `owl:imports` are dropped: they name remote vocabularies (W3C, EU NALs) that
 * are not fetched in tests; what the class constraints need of them is in {@link backgroundKnowledge}.
 */
export function loadOfficialShapes(name: OfficialSetName): Store {
  const cached = shapesCache.get(name);
  if (cached) return cached;
  const set: OfficialSet = OFFICIAL_SETS[name];
  const store = new Store();
  for (const file of set.files) {
    const text = set.repairs.reduce((t, r) => r.apply(t), readStandard(file));
    store.addQuads(
      new Parser({ blankNodePrefix: `${name.replace(/\W/g, "")}-` })
        .parse(text)
        .filter((q) => q.predicate.value !== OWL_IMPORTS),
    );
  }
  shapesCache.set(name, store);
  return store;
}

function parseRdfXml(file: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on("data", (q: Quad) => out.push(q));
    parser.on("error", reject);
    parser.on("end", () => resolve(out));
    parser.end(readStandard(file));
  });
}

let vocabularies: Promise<Store> | undefined;

/**
 * The code lists and class hierarchy at hand in ../shared/standards: EU data themes and LOS (RDF/XML), the FDK
 * subsets of the EU licence, language and access-right tables, and the vCard class hierarchy (SHACL's sh:class
 * follows rdfs:subClassOf in the data graph, and a vcard:Organization is a vcard:Kind).
 */
export function loadVocabularies(): Promise<Store> {
  vocabularies ??= (async () => {
    const store = new Store();
    store.addQuads(await parseRdfXml("eu-vocabularies/data-theme-skos.rdf"));
    store.addQuads(await parseRdfXml("los/los.rdf"));
    for (const f of [
      "eu-licences.ttl",
      "languages.ttl",
      "access-right-sparql-result.ttl",
      "adms-publisher-type.ttl",
    ]) {
      store.addQuads(new Parser().parse(readStandard(`eu-vocabularies/fdk-subsets/${f}`)));
    }
    const vcard = new Parser().parse(readStandard("vocab/vcard.ttl"));
    store.addQuads(vcard.filter((q) => q.predicate.value === SUBCLASS));
    return store;
  })();
  return vocabularies;
}

/**
 * DCAT-AP's ranges (dct:license → dct:LicenseDocument, …) for values of the data: a value is typed when a
 * loaded code list holds it (licences, languages, access rights), or — for the two tables no file here holds
 * (the EU file-type table and IANA media types) — when its IRI is in that table's namespace; file types also get
 * the skos:inScheme DCAT-AP-NO 2.2 checks.
 */
export function rangeTyping(data: readonly Quad[], vocab: Store): Quad[] {
  // A code is in a loaded list when the list types it as a skos:Concept or puts it in a scheme.
  const inCodeList = (iri: string) =>
    vocab.has(quad(namedNode(iri), namedNode(RDF_TYPE), namedNode(`${SKOS}Concept`))) ||
    vocab.getQuads(namedNode(iri), namedNode(`${SKOS}inScheme`), null, null).length > 0;
  const ranges: [string, string, (iri: string) => boolean][] = [
    [`${DCT}license`, `${DCT}LicenseDocument`, inCodeList],
    [`${DCT}language`, `${DCT}LinguisticSystem`, inCodeList],
    [`${DCT}accessRights`, `${DCT}RightsStatement`, inCodeList],
    [`${DCT}format`, `${DCT}MediaTypeOrExtent`, (i) => i.startsWith(`${FILE_TYPE}/`)],
    [
      `${DCAT}mediaType`,
      `${DCT}MediaType`,
      (i) => /^https?:\/\/www\.(iana\.org\/assignments|w3\.org\/ns\/iana)\/media-types\//.test(i),
    ],
  ];
  const out: Quad[] = [];
  for (const q of data) {
    if (q.object.termType !== "NamedNode") continue;
    // No file here holds the EU file-type table; DCAT-AP-NO 2.2 checks membership by skos:inScheme.
    if (q.predicate.value === `${DCT}format` && q.object.value.startsWith(`${FILE_TYPE}/`)) {
      out.push(quad(q.object, namedNode(`${SKOS}inScheme`), namedNode(FILE_TYPE)));
    }
    for (const [p, cls, known] of ranges) {
      if (q.predicate.value === p && known(q.object.value))
        out.push(quad(q.object, namedNode(RDF_TYPE), namedNode(cls)));
    }
  }
  return out;
}

/** The data plus everything the class constraints need to know about the code lists it uses. */
export async function withBackground(data: readonly Quad[]): Promise<Store> {
  const vocab = await loadVocabularies();
  const store = new Store([...data]);
  store.addQuads([...vocab]);
  store.addQuads(rangeTyping(data, vocab));
  return store;
}

/** One SHACL result of an official set, readable in a test failure. */
export interface OfficialResult {
  severity: "Violation" | "Warning" | "Info";
  focusNode: string;
  path: string;
  component: string;
  value: string;
  message: string;
}

/**
 * Validates data (with background knowledge) against an official set. Results about the code lists themselves
 * (a LOS concept, a licence) are dropped: they are background, not our data.
 */
export async function validateOfficial(
  data: readonly Quad[],
  name: OfficialSetName,
): Promise<OfficialResult[]> {
  const subjects = new Set(data.map((q) => q.subject.value));
  const vocab = await loadVocabularies();
  const isBackground = (iri: string) =>
    !subjects.has(iri) && vocab.getQuads(namedNode(iri), null, null, null).length > 0;
  const graph = await withBackground(data);
  const report = await new SHACLValidator(loadOfficialShapes(name)).validate(graph);
  return report.results
    .filter((r) => r.focusNode !== null && !isBackground(r.focusNode.value))
    .map((r) => ({
      severity: (r.severity?.value.replace(/^.*#/, "") ?? "Violation") as OfficialResult["severity"],
      focusNode: r.focusNode?.value ?? "",
      path: r.path?.value ?? "",
      component: r.sourceConstraintComponent?.value.replace(/^.*#/, "") ?? "",
      value: r.value?.value ?? "",
      message: r.message.map((m) => m.value).join(" | "),
    }));
}
