import type { Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { Parser } from "n3";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import { IoError, type Issue, LodError } from "../errors.js";

/** The harvester whose habit a check reproduces (DESIGN §8). */
export type Harvester = "data.norge.no" | "data.europa.eu" | "CKAN";

/** How bad a finding is: an error makes a harvester fail or lose data; a warning costs quality; info is a fact. */
export type DoctorSeverity = "error" | "warning" | "info";

/** One thing `govlod doctor` found, with what to do about it. */
export interface DoctorFinding {
  readonly harvester: Harvester;
  /** A short id: `status`, `content-type`, `parse`, `relative-iri`, `blank-node-dataset`, `rdfxml-predicate`, … */
  readonly check: string;
  readonly severity: DoctorSeverity;
  /** The request that showed it (`GET Accept: text/turtle`). */
  readonly request: string;
  readonly message: string;
  /** What to change so the harvester succeeds. */
  readonly fix?: string;
}

/** Everything `govlod doctor` found at one URL. */
export interface DoctorReport {
  readonly url: string;
  readonly findings: readonly DoctorFinding[];
  /** No finding is an error. */
  readonly ok: boolean;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds; default 30 000. */
  timeoutMs?: number;
  /** At most this many Hydra pages are followed; default 1000. */
  maxPages?: number;
  /** Checks the whole catalog against shapes (e.g. `validate` with the DCAT-AP-NO profile); its issues are reported. */
  shapes?: (quads: readonly Quad[]) => Promise<readonly Issue[]>;
}

/** The media types data.norge.no registers a catalog with; it sends exactly one of them, never `*∕*`. */
export const FDK_ACCEPTS = Object.freeze([
  "text/turtle",
  "application/rdf+xml",
  "application/ld+json",
] as const);
/** data.norge.no's size limit for one harvest. */
export const MAX_HARVEST_BYTES = 75 * 1024 * 1024;

const DCAT = "http://www.w3.org/ns/dcat#";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const HYDRA = "http://www.w3.org/ns/hydra/core#";
const DCT_IDENTIFIER = "http://purl.org/dc/terms/identifier";
/** Bases no real document lives under: an IRI that ends up under one was relative in the response. */
const FOREIGN_BASES = ["http://harvester-a.invalid/catalog/", "urn:x-harvester-b:catalog/"] as const;
/** RDF/XML writes a predicate as a QName: the IRI must end in an XML NCName (XML Namespaces §3). */
const NCNAME_END =
  /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][\w.\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;
const RDF_MEDIA_TYPES = new Set([
  "text/turtle",
  "application/rdf+xml",
  "application/ld+json",
  "application/n-triples",
  "application/n-quads",
  "application/trig",
]);

interface Fetched {
  status: number;
  headers: Headers;
  /** The raw bytes (after any transfer decoding fetch applied). */
  bytes: Uint8Array;
  request: string;
}

/** True when a predicate IRI can be written as an RDF/XML element name. */
export function isQNameSplittable(iri: string): boolean {
  const m = NCNAME_END.exec(iri);
  // The namespace part must not be empty; a local name starting right after a scheme colon is not a namespace.
  return m !== null && m.index > 0 && !/^[a-z][a-z0-9+.-]*:$/i.test(iri.slice(0, m.index));
}

function mediaTypeOf(headers: Headers): string | undefined {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
}

function charsetOf(headers: Headers): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(headers.get("content-type") ?? "")?.[1]?.toLowerCase();
}

/**
 * Parses RDF in the given media type against a base IRI. JSON-LD remote contexts are fetched with the same
 * fetch and timeout (a harvester fetches them too).
 * @throws LodError (`parse_error`) when the body is not that syntax.
 */
export async function parseRdf(
  text: string,
  mediaType: string,
  baseIri: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<Quad[]> {
  try {
    switch (mediaType) {
      case "text/turtle":
      case "application/n-triples":
      case "application/n-quads":
      case "application/trig":
        return new Parser({ format: mediaType, baseIRI: baseIri }).parse(text);
      case "application/rdf+xml":
        return await new Promise<Quad[]>((resolve, reject) => {
          const out: Quad[] = [];
          const parser = new RdfXmlParser({ baseIRI: baseIri });
          parser.on("data", (q: Quad) => out.push(q));
          parser.on("error", reject);
          parser.on("end", () => resolve(out));
          parser.write(text);
          parser.end();
        });
      case "application/ld+json":
      case "application/json": {
        const doFetch = options.fetch ?? fetch;
        const documentLoader = async (url: string) => {
          const res = await doFetch(url, {
            headers: { accept: "application/ld+json, application/json" },
            signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
          });
          if (res.status !== 200) throw new Error(`remote context ${url} answered ${res.status}`);
          return { contextUrl: undefined, documentUrl: url, document: await res.json() };
        };
        const nquads = (await jsonld.toRDF(JSON.parse(text), {
          base: baseIri,
          format: "application/n-quads",
          documentLoader,
        } as jsonld.Options.ToRdf)) as unknown as string;
        return new Parser({ format: "application/n-quads" }).parse(nquads);
      }
      default:
        throw new Error(`no parser for ${mediaType}`);
    }
  } catch (cause) {
    throw new LodError("parse_error", `Not valid ${mediaType}: ${(cause as Error).message}`, { cause });
  }
}

function iriTerms(quads: readonly Quad[]): string[] {
  const out: string[] = [];
  for (const q of quads)
    for (const t of [q.subject, q.predicate, q.object, q.graph])
      if (t.termType === "NamedNode") out.push(t.value);
  return out;
}

function typed(quads: readonly Quad[], cls: string): Quad["subject"][] {
  const seen = new Map<string, Quad["subject"]>();
  for (const q of quads)
    if (q.predicate.value === RDF_TYPE && q.object.value === cls)
      seen.set(`${q.subject.termType}:${q.subject.value}`, q.subject);
  return [...seen.values()];
}

function sample(values: readonly string[], n = 3): string {
  const shown = values
    .slice(0, n)
    .map((v) => `<${v}>`)
    .join(", ");
  return values.length > n ? `${shown} and ${values.length - n} more` : shown;
}

/**
 * Checks a DCAT endpoint (ours or anyone's) the way data.norge.no, data.europa.eu and CKAN harvest it, and says
 * what to fix: exactly `200`, the Content-Type, parsing by the `Accept` sent, relative IRIs (parsed against two
 * foreign bases), blank-node datasets, predicates RDF/XML cannot write, UTF-8, `Content-Encoding` nobody asked
 * for, the 75 MB limit, `HEAD` then `GET *∕*`, Hydra paging and `totalItems`, and (with `shapes`) the shapes.
 * @throws LodError (`usage_error`) for a URL that is not http(s); IoError when the endpoint cannot be reached.
 * @example
 * const report = await runDoctor("https://data.example.gov/catalog");
 * process.stdout.write(formatDoctorReport(report));
 */
export async function runDoctor(url: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new LodError("usage_error", `"${url}" is not a URL; give the catalog's absolute http(s) URL`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:")
    throw new LodError("usage_error", `"${url}" is not an http(s) URL`);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const findings: DoctorFinding[] = [];
  const add = (f: DoctorFinding) => findings.push(f);

  const get = async (
    target: string,
    method: "GET" | "HEAD",
    accept: string,
    redirect: "manual" | "follow",
  ): Promise<Fetched> => {
    const request = `${method} ${target === url ? "" : `${target} `}Accept: ${accept}`;
    let res: Response;
    try {
      // Accept-Encoding: identity, as a harvester that did not ask for compression.
      res = await doFetch(target, {
        method,
        redirect,
        headers: { accept, "accept-encoding": "identity", "user-agent": "govlod-doctor" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new IoError(
        `Cannot reach ${target}: ${(cause as Error).cause instanceof Error ? ((cause as Error).cause as Error).message : (cause as Error).message}`,
        { cause },
      );
    }
    const bytes = method === "HEAD" ? new Uint8Array() : new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes, request };
  };

  /** Checks every harvester shares: encoding, size, UTF-8. Returns the text, or undefined when unreadable. */
  const commonChecks = (harvester: Harvester, r: Fetched): string | undefined => {
    const coding = r.headers.get("content-encoding");
    if (coding && coding.toLowerCase() !== "identity")
      add({
        harvester,
        check: "content-encoding",
        severity: "error",
        request: r.request,
        message: `answered with Content-Encoding: ${coding} although the request did not ask for it (Accept-Encoding: identity)`,
        fix: "compress only when the request's Accept-Encoding allows it (RFC 9110 §12.5.3)",
      });
    const length = Number(r.headers.get("content-length") ?? r.bytes.byteLength);
    if (Math.max(length, r.bytes.byteLength) > MAX_HARVEST_BYTES)
      add({
        harvester,
        check: "size",
        severity: "error",
        request: r.request,
        message: `the response is ${Math.max(length, r.bytes.byteLength)} bytes; data.norge.no stops at ${MAX_HARVEST_BYTES}`,
        fix: "split the catalog, or move large inline data into distributions",
      });
    const charset = charsetOf(r.headers);
    if (charset && charset !== "utf-8" && charset !== "utf8")
      add({
        harvester,
        check: "utf-8",
        severity: "error",
        request: r.request,
        message: `declares charset=${charset}; harvesters read UTF-8 only`,
        fix: "serve UTF-8 and say charset=utf-8",
      });
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(r.bytes);
    } catch {
      add({
        harvester,
        check: "utf-8",
        severity: "error",
        request: r.request,
        message: "the body is not valid UTF-8",
        fix: "encode the response as UTF-8",
      });
      return undefined;
    }
  };

  /** Parses with two foreign bases, reports relative IRIs, and returns the graph. */
  const parseChecked = async (
    harvester: Harvester,
    r: Fetched,
    text: string,
    mediaType: string,
  ): Promise<Quad[] | undefined> => {
    let quads: Quad[];
    try {
      quads = await parseRdf(text, mediaType, FOREIGN_BASES[0], { fetch: doFetch, timeoutMs });
    } catch (e) {
      add({
        harvester,
        check: "parse",
        severity: "error",
        request: r.request,
        message: `the body does not parse as ${mediaType}: ${(e as Error).message}`,
        fix:
          harvester === "data.norge.no"
            ? `data.norge.no parses by the Accept it sent, not the Content-Type: answer Accept: ${mediaType} with ${mediaType}`
            : "serve a body in the syntax the Content-Type names",
      });
      return undefined;
    }
    let relative = [...new Set(iriTerms(quads).filter((i) => i.startsWith(FOREIGN_BASES[0])))];
    if (relative.length === 0) {
      // A second base catches relative references that happen to look absolute under the first.
      const again = await parseRdf(text, mediaType, FOREIGN_BASES[1], { fetch: doFetch, timeoutMs }).catch(
        () => [],
      );
      relative = [...new Set(iriTerms(again).filter((i) => i.startsWith(FOREIGN_BASES[1])))];
    }
    if (relative.length > 0)
      add({
        harvester,
        check: "relative-iri",
        severity: "error",
        request: r.request,
        message: `${relative.length} IRI(s) are relative and resolve against the harvester's base, e.g. ${sample(relative)}`,
        fix: "write every IRI absolute (configure the public base IRI); never rely on the document's URL",
      });
    const blankDatasets = [`${DCAT}Dataset`, `${DCAT}DataService`, `${DCAT}Catalog`].flatMap((c) =>
      typed(quads, c)
        .filter((s) => s.termType === "BlankNode")
        .map(() => c.slice(DCAT.length)),
    );
    if (blankDatasets.length > 0)
      add({
        harvester,
        check: "blank-node-dataset",
        severity: "error",
        request: r.request,
        message: `${blankDatasets.length} dcat:${[...new Set(blankDatasets)].join("/dcat:")} resource(s) are blank nodes; data.norge.no drops them and data.europa.eu cannot track them`,
        fix: "give every catalog, dataset and data service a stable IRI",
      });
    const bad = [...new Set(quads.map((q) => q.predicate.value).filter((p) => !isQNameSplittable(p)))];
    if (bad.length > 0)
      add({
        harvester,
        check: "rdfxml-predicate",
        severity: "error",
        request: r.request,
        message: `${bad.length} predicate(s) cannot be written as RDF/XML (no QName split), e.g. ${sample(bad)}; data.norge.no re-serialises as RDF/XML and fails`,
        fix: "use predicates whose IRI ends in a name (letters, digits, _ - .), not in / # or a digit-led segment",
      });
    return quads;
  };

  // --- data.norge.no: one GET per registered Accept, exactly 200, parsed by the Accept -----------------------
  let whole: Quad[] | undefined;
  for (const accept of FDK_ACCEPTS) {
    const r = await get(url, "GET", accept, "manual");
    if (r.status !== 200) {
      add({
        harvester: "data.norge.no",
        check: "status",
        severity: "error",
        request: r.request,
        message: `answered ${r.status}${r.headers.get("location") ? ` (Location: ${r.headers.get("location")})` : ""}; data.norge.no accepts exactly 200`,
        fix:
          r.status >= 300 && r.status < 400
            ? "register the final URL, or answer 200 at this one"
            : "answer 200 with the whole catalog",
      });
      continue;
    }
    const text = commonChecks("data.norge.no", r);
    const type = mediaTypeOf(r.headers);
    if (type !== accept)
      add({
        harvester: "data.norge.no",
        check: "content-type",
        severity: type && RDF_MEDIA_TYPES.has(type) ? "warning" : "error",
        request: r.request,
        message: `asked for ${accept}, got Content-Type ${type ?? "(none)"}; data.norge.no parses the body as ${accept} anyway`,
        fix: `answer Accept: ${accept} with ${accept} (content negotiation, RFC 9110 §12.5.1)`,
      });
    if (text === undefined) continue;
    const quads = await parseChecked("data.norge.no", r, text, accept);
    if (quads && !whole) whole = quads;
    if (quads && typed(quads, `${DCAT}Catalog`).length === 0)
      add({
        harvester: "data.norge.no",
        check: "catalog",
        severity: "error",
        request: r.request,
        message: "the response has no dcat:Catalog",
        fix: "serve the catalog (dcat:Catalog with its dcat:dataset links) at this URL",
      });
  }

  // --- CKAN: HEAD, then GET */*, format from the Content-Type ------------------------------------------------
  const head = await get(url, "HEAD", "*/*", "follow");
  if (head.status !== 200)
    add({
      harvester: "CKAN",
      check: "head",
      severity: "error",
      request: head.request,
      message: `HEAD answered ${head.status}; CKAN checks the URL with HEAD before harvesting`,
      fix: "answer HEAD like GET, without a body",
    });
  const any = await get(url, "GET", "*/*", "follow");
  const anyType = mediaTypeOf(any.headers);
  if (any.status !== 200)
    add({
      harvester: "CKAN",
      check: "status",
      severity: "error",
      request: any.request,
      message: `answered ${any.status}`,
    });
  else if (!anyType || !RDF_MEDIA_TYPES.has(anyType))
    add({
      harvester: "CKAN",
      check: "content-type",
      severity: "error",
      request: any.request,
      message: `Content-Type ${anyType ?? "(none)"} is not an RDF syntax; CKAN picks its parser from the Content-Type`,
      fix: "answer */* with an RDF syntax (Turtle) and its media type",
    });
  else {
    if (head.status === 200 && mediaTypeOf(head.headers) !== anyType)
      add({
        harvester: "CKAN",
        check: "head",
        severity: "warning",
        request: head.request,
        message: `HEAD says ${mediaTypeOf(head.headers) ?? "(none)"} but GET says ${anyType}`,
        fix: "let HEAD send the headers GET sends",
      });
    const text = commonChecks("CKAN", any);
    if (text !== undefined) {
      const quads = await parseChecked("CKAN", any, text, anyType);
      if (quads && !whole) whole = quads;
    }
  }

  // --- data.europa.eu: Content-Type, identifiers, Hydra paging to the end -------------------------------------
  if (whole) {
    const datasets = typed(whole, `${DCAT}Dataset`)
      .filter((s) => s.termType === "NamedNode")
      .map((s) => s.value);
    const withoutId = datasets.filter(
      (d) => !whole?.some((q) => q.subject.value === d && q.predicate.value === DCT_IDENTIFIER),
    );
    if (withoutId.length > 0)
      add({
        harvester: "data.europa.eu",
        check: "identifier",
        severity: "warning",
        request: `GET Accept: ${FDK_ACCEPTS[0]}`,
        message: `${withoutId.length} dataset(s) have no dct:identifier, e.g. ${sample(withoutId)}; data.europa.eu identifies datasets by it`,
        fix: "give every dataset a dct:identifier (its IRI will do)",
      });
    await checkPaging(url, whole, datasets);
    if (options.shapes) {
      const issues = await options.shapes(whole);
      const violations = issues.filter((i) => i.severity === "violation");
      const warnings = issues.filter((i) => i.severity === "warning");
      for (const i of violations.slice(0, 20))
        add({
          harvester: "data.norge.no",
          check: "shapes",
          severity: "error",
          request: `GET Accept: ${FDK_ACCEPTS[0]}`,
          message: `${i.focusNode ? `<${i.focusNode}> ` : ""}${i.path.join(".")}: ${i.message} (${i.code})`,
        });
      if (violations.length > 20)
        add({
          harvester: "data.norge.no",
          check: "shapes",
          severity: "error",
          request: `GET Accept: ${FDK_ACCEPTS[0]}`,
          message: `and ${violations.length - 20} more violations`,
        });
      if (warnings.length > 0)
        add({
          harvester: "data.norge.no",
          check: "shapes",
          severity: "warning",
          request: `GET Accept: ${FDK_ACCEPTS[0]}`,
          message: `${warnings.length} recommended propert${warnings.length === 1 ? "y is" : "ies are"} missing, e.g. ${warnings
            .slice(0, 3)
            .map((w) => `${w.path.join(".")}`)
            .join(", ")}`,
        });
    }
  }

  async function checkPaging(
    start: string,
    wholeGraph: readonly Quad[],
    allDatasets: readonly string[],
  ): Promise<void> {
    const own = firstPagingView(wholeGraph);
    let first = start;
    if (!own) {
      // Not paged at this URL: try the Hydra parameters data.europa.eu and CKAN use.
      const size = Math.max(1, Math.ceil(allDatasets.length / 3));
      first = `${start}${start.includes("?") ? "&" : "?"}page=1&pageSize=${size}`;
    }
    const seen = new Set<string>();
    const found = new Set<string>();
    let total: number | undefined;
    let next: string | undefined = first;
    let pages = 0;
    while (next) {
      if (seen.has(next)) {
        add({
          harvester: "data.europa.eu",
          check: "paging",
          severity: "error",
          request: `GET ${next}`,
          message: "hydra:next leads back to a page already read (a loop)",
          fix: "make hydra:next point forward and stop on the last page",
        });
        return;
      }
      if (++pages > (options.maxPages ?? 1000)) {
        add({
          harvester: "data.europa.eu",
          check: "paging",
          severity: "warning",
          request: `GET ${next}`,
          message: `stopped after ${pages - 1} pages`,
        });
        return;
      }
      seen.add(next);
      const r = await get(next, "GET", "text/turtle", "follow");
      const type = mediaTypeOf(r.headers);
      if (r.status !== 200 || !type || !RDF_MEDIA_TYPES.has(type)) {
        if (!own && pages === 1) {
          add({
            harvester: "data.europa.eu",
            check: "paging",
            severity: "info",
            request: r.request,
            message:
              "no Hydra paging: the whole catalog comes in one response (fine while it stays under 75 MB)",
          });
          return;
        }
        add({
          harvester: "data.europa.eu",
          check: "paging",
          severity: "error",
          request: r.request,
          message: `a page linked by hydra:next answered ${r.status} ${type ?? ""}`.trim(),
          fix: "serve every page the paging links to",
        });
        return;
      }
      const text = commonChecks("data.europa.eu", r);
      if (text === undefined) return;
      const quads = await parseChecked("data.europa.eu", r, text, type);
      if (!quads) return;
      const view = firstPagingView(quads);
      if (!view) {
        if (!own && pages === 1) {
          add({
            harvester: "data.europa.eu",
            check: "paging",
            severity: "info",
            request: r.request,
            message:
              "no Hydra paging (?page=&pageSize= gives no hydra:view): the whole catalog comes in one response",
          });
          return;
        }
        add({
          harvester: "data.europa.eu",
          check: "paging",
          severity: "error",
          request: r.request,
          message: "a page reached by hydra:next has no Hydra paging controls",
          fix: "put the hydra:view with totalItems and first/last/previous/next on every page",
        });
      }
      for (const s of typed(quads, `${DCAT}Dataset`)) if (s.termType === "NamedNode") found.add(s.value);
      const totals = quads
        .filter((q) => q.predicate.value === `${HYDRA}totalItems`)
        .map((q) => Number(q.object.value));
      if (totals.length === 0)
        add({
          harvester: "data.europa.eu",
          check: "total-items",
          severity: "error",
          request: r.request,
          message: "a page has no hydra:totalItems; data.europa.eu needs it to know when it is done",
          fix: "state hydra:totalItems on every page",
        });
      else total = totals[0];
      const nextIri = quads.find((q) => q.predicate.value === `${HYDRA}next`)?.object.value;
      const nextString = quads.find((q) => q.predicate.value === `${HYDRA}nextPage`)?.object.value;
      if (nextIri !== nextString)
        add({
          harvester: "CKAN",
          check: "paging",
          severity: "warning",
          request: r.request,
          message: `hydra:next (${nextIri ?? "none"}) and hydra:nextPage (${nextString ?? "none"}) differ; harvesters read one or the other`,
          fix: "give both, with the same absolute URL",
        });
      next = nextIri ?? nextString;
    }
    if (total !== undefined && total !== found.size)
      add({
        harvester: "data.europa.eu",
        check: "total-items",
        severity: "error",
        request: `GET ${first}`,
        message: `hydra:totalItems says ${total} but the pages hold ${found.size} datasets`,
        fix: "count the datasets the pages list",
      });
    const missing = allDatasets.filter((d) => !found.has(d));
    if (!own && missing.length > 0)
      add({
        harvester: "data.europa.eu",
        check: "paging",
        severity: "error",
        request: `GET ${first}`,
        message: `following the pages to the end misses ${missing.length} dataset(s) of the whole catalog, e.g. ${sample(missing)}`,
        fix: "let the pages together list every dataset exactly once",
      });
    if (found.size > 0 || total !== undefined)
      add({
        harvester: "data.europa.eu",
        check: "paging",
        severity: "info",
        request: `GET ${first}`,
        message: `followed ${seen.size} Hydra page(s) to the end: ${found.size} datasets, hydra:totalItems ${total ?? "absent"}`,
      });
  }

  return { url, findings, ok: !findings.some((f) => f.severity === "error") };
}

function firstPagingView(quads: readonly Quad[]): string | undefined {
  return quads.find(
    (q) =>
      q.predicate.value === RDF_TYPE &&
      (q.object.value === `${HYDRA}PartialCollectionView` || q.object.value === `${HYDRA}PagedCollection`),
  )?.subject.value;
}

/**
 * The report as text for a terminal: one line per finding (`✗` error, `!` warning, `·` info) with the harvester,
 * the request and what to fix, then a summary line.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const mark = { error: "✗", warning: "!", info: "·" } as const;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const lines = [`govlod doctor ${report.url}`];
  for (const f of [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    lines.push(`${mark[f.severity]} [${f.harvester}] ${f.check}: ${f.message}  (${f.request})`);
    if (f.fix && f.severity !== "info") lines.push(`    fix: ${f.fix}`);
  }
  const count = (s: DoctorSeverity) => report.findings.filter((f) => f.severity === s).length;
  lines.push(
    report.ok
      ? `✓ ready for data.norge.no, data.europa.eu and CKAN (${count("warning")} warning(s))`
      : `${count("error")} error(s), ${count("warning")} warning(s): harvesters will fail or lose data`,
  );
  return `${lines.join("\n")}\n`;
}
