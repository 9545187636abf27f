import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { LodError } from "../errors.js";
import { CATALOG_NAMED_TYPES, catalogQuadsOf, type Site } from "../site/site.js";
import { dcat, foaf, hydra, rdf, schema, xsd } from "../vocab/index.js";
import { distinctQuads } from "./quad-order.js";

const { namedNode, literal, quad } = DataFactory;

/** A request for part of the catalog: a page, and/or only what changed since a date. */
export interface CatalogQuery {
  /** 1-based page number; paging is on when `page` or `pageSize` is given. */
  page?: number;
  /** Datasets per page. */
  pageSize?: number;
  /** Keep only datasets whose content date is at or after this instant. */
  modifiedSince?: Date;
}

/** Default and maximum datasets per page. */
export const CATALOG_PAGE_SIZE = Object.freeze({ default: 50, max: 1000 });

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads `page`, `pageSize` and `modified_since` from query parameters (DESIGN §4), strictly: each at most once,
 * positive integers, an ISO 8601 date or date-time. Returns undefined when none is present (the whole catalog).
 * @throws LodError (`usage_error`) naming the parameter and the rule; the router answers 400.
 */
export function parseCatalogQuery(query: Readonly<Record<string, unknown>>): CatalogQuery | undefined {
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      throw new LodError("usage_error", `Query parameter ${name}: give it once, as text`);
    return v;
  };
  const int = (name: string, max: number): number | undefined => {
    const v = one(name);
    if (v === undefined) return undefined;
    if (!/^[1-9]\d{0,8}$/.test(v) || Number(v) > max)
      throw new LodError(
        "usage_error",
        `Query parameter ${name}: must be an integer from 1 to ${max}, got "${v}"`,
      );
    return Number(v);
  };
  const page = int("page", 1e9);
  const pageSize = int("pageSize", CATALOG_PAGE_SIZE.max);
  const since = one("modified_since");
  let modifiedSince: Date | undefined;
  if (since !== undefined) {
    const d = new Date(since);
    if (!ISO_8601.test(since) || Number.isNaN(d.getTime()))
      throw new LodError(
        "usage_error",
        `Query parameter modified_since: must be an ISO 8601 date or date-time, got "${since}"`,
      );
    modifiedSince = d;
  }
  if (page === undefined && pageSize === undefined && modifiedSince === undefined) return undefined;
  return {
    ...(page !== undefined ? { page } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
    ...(modifiedSince ? { modifiedSince } : {}),
  };
}

/** The query string of a catalog view, parameters in a fixed order (so URLs and ETags are stable). */
export function catalogQueryString(q: CatalogQuery): string {
  const parts: string[] = [];
  if (q.page !== undefined) parts.push(`page=${q.page}`);
  if (q.pageSize !== undefined) parts.push(`pageSize=${q.pageSize}`);
  if (q.modifiedSince) parts.push(`modified_since=${encodeURIComponent(q.modifiedSince.toISOString())}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

interface CatalogIndex {
  all: readonly Quad[];
  catalogs: ReadonlySet<string>;
  /** The catalogs' datasets, sorted. */
  members: readonly string[];
  thingDate: ReadonlyMap<string, Date | undefined>;
  /** Subject IRI → the thing IRI of the agent or contact point document it belongs to. */
  agentOf: ReadonlyMap<string, string>;
  /**
   * Subject IRI → the datasets it goes with: a dataset itself, its distributions, the documents about either.
   * Such a subject is on a page only when all of its datasets are.
   */
  owners: ReadonlyMap<string, readonly string[]>;
  /** Dataset → the subjects that go with it. */
  owned: ReadonlyMap<string, readonly string[]>;
  bySubject: ReadonlyMap<string, readonly Quad[]>;
  /** Triples of subjects that go with no dataset and no agent (the catalog, services), but dataset links. */
  base: readonly Quad[];
  /** `dcat:dataset` / `schema:dataset` triples of those subjects whose object goes with a dataset. */
  links: readonly Quad[];
  /**
   * Dataset → the positions in `links` of the links to what goes with it. A page looks up its own datasets' links
   * here: testing every link of the catalog on every page made the pages quadratic in the site.
   */
  linksOf: ReadonlyMap<string, readonly number[]>;
  /** Agent thing IRI → the triples of its subjects. */
  agentQuads: ReadonlyMap<string, readonly Quad[]>;
}

const CATALOG_INDEXES = new WeakMap<Site, CatalogIndex>();

/** What every view of a site's catalog starts from, computed once per site. */
function catalogIndex(site: Site): CatalogIndex {
  const known = CATALOG_INDEXES.get(site);
  if (known) return known;
  // Distinct triples: a node several documents describe (a report series) comes once from each of them, and a
  // view would carry every copy (a quarter of a page's quads at 10 000 items) for the serializers to drop again.
  // (The documents' quads are all in the default graph: distinct quads are distinct triples.)
  // Grouped by the subject's value, as the index's other maps are keyed (an IRI or a blank node's label).
  const { quads: all, bySubject } = distinctQuads(catalogQuadsOf(site), (t) => t.value);
  const catalogs = new Set(
    all
      .filter((q) => q.predicate.equals(rdf.type) && q.object.equals(dcat.Catalog))
      .map((q) => q.subject.value),
  );
  const members = [
    ...new Set(
      all
        .filter((q) => catalogs.has(q.subject.value) && q.predicate.equals(dcat.dataset))
        .map((q) => q.object.value),
    ),
  ].sort();
  const thingDate = new Map<string, Date | undefined>();
  for (const d of site.documents.values()) thingDate.set(d.thingIri, d.lastModified);
  const agentOf = new Map<string, string>();
  for (const d of site.documents.values()) {
    if (!CATALOG_NAMED_TYPES.has(d.item.type)) continue;
    for (const q of d.quads) if (!agentOf.has(q.subject.value)) agentOf.set(q.subject.value, d.thingIri);
  }
  // What goes with each dataset, as the view leaves it out: its distributions, then documents about either.
  const memberSet = new Set(members);
  // A subject has one owner or a few (a distribution shared by datasets): a list, not a set each.
  const owners = new Map<string, string[]>();
  const own = (subject: string, member: string) => {
    const list = owners.get(subject);
    if (!list) owners.set(subject, [member]);
    else if (!list.includes(member)) list.push(member);
  };
  for (const m of members) own(m, m);
  for (const q of all)
    if (memberSet.has(q.subject.value) && q.predicate.equals(dcat.distribution))
      own(q.object.value, q.subject.value);
  for (const q of all) {
    if (!q.predicate.equals(foaf.primaryTopic)) continue;
    const found = owners.get(q.object.value);
    // (A subject that is its own primary topic has its owners already.)
    if (found && q.subject.value !== q.object.value) for (const m of found) own(q.subject.value, m);
  }
  const owned = new Map<string, string[]>();
  for (const [subject, list] of owners)
    for (const m of list) {
      const subjects = owned.get(m);
      if (subjects) subjects.push(subject);
      else owned.set(m, [subject]);
    }
  const base: Quad[] = [];
  const links: Quad[] = [];
  const agentQuads = new Map<string, Quad[]>();
  for (const q of all) {
    const subject = q.subject.value;
    if (owners.has(subject)) continue;
    const agent = agentOf.get(subject);
    if (agent !== undefined) {
      const quads = agentQuads.get(agent);
      if (quads) quads.push(q);
      else agentQuads.set(agent, [q]);
    } else if (DATASET_LINKS.some((p) => q.predicate.equals(p)) && owners.has(q.object.value)) links.push(q);
    else base.push(q);
  }
  const linksOf = new Map<string, number[]>();
  links.forEach((q, at) => {
    for (const m of owners.get(q.object.value) ?? []) {
      const list = linksOf.get(m);
      if (list) list.push(at);
      else linksOf.set(m, [at]);
    }
  });
  const index = {
    all,
    linksOf,
    catalogs,
    members,
    thingDate,
    agentOf,
    owners,
    owned,
    bySubject,
    base,
    links,
    agentQuads,
  };
  CATALOG_INDEXES.set(site, index);
  return index;
}

const DATASET_LINKS = [dcat.dataset, schema.dataset];

/**
 * The catalog's triples without the datasets not `selected`: what goes with no dataset (the catalog, services),
 * minus its links to datasets left out; what goes only with selected datasets; and the agents and contact points
 * that the rest names, transitively (a page of 50 datasets grows with its datasets, not with every organisation).
 */
function selectedQuads(index: CatalogIndex, selected: ReadonlySet<string>): Quad[] {
  const { owners, owned, bySubject, base, links, linksOf, agentQuads, agentOf } = index;
  const kept = (iri: string) => (owners.get(iri) ?? []).every((m) => selected.has(m));
  const out: Quad[] = [...base];
  // The links to what goes with the selected datasets, in the catalog's order.
  const candidates = new Set<number>();
  for (const m of selected) for (const at of linksOf.get(m) ?? []) candidates.add(at);
  for (const at of [...candidates].sort((a, b) => a - b)) {
    const q = links[at] as Quad;
    if (kept(q.object.value)) out.push(q);
  }
  const emitted = new Set<string>();
  for (const m of selected) {
    for (const subject of owned.get(m) ?? []) {
      if (emitted.has(subject) || !kept(subject)) continue;
      emitted.add(subject);
      for (const q of bySubject.get(subject) ?? []) {
        // A document about a dataset may link to another dataset: that link goes when its dataset does.
        if (DATASET_LINKS.some((p) => q.predicate.equals(p)) && !kept(q.object.value)) continue;
        out.push(q);
      }
    }
  }
  const named = new Set<string>();
  const visit = (from: readonly Quad[], self: string | undefined) => {
    const next: string[] = [];
    for (const q of from) {
      const target = q.object.termType === "NamedNode" ? agentOf.get(q.object.value) : undefined;
      if (target && target !== self && !named.has(target)) {
        named.add(target);
        next.push(target);
      }
    }
    return next;
  };
  let frontier = visit(out, undefined);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const agent of frontier) next.push(...visit(agentQuads.get(agent) ?? [], agent));
    frontier = next;
  }
  for (const agent of named) out.push(...(agentQuads.get(agent) ?? []));
  return out;
}

/**
 * The last selection of datasets each site's catalog made: a page is viewed with its links in several forms (each
 * format's `catalog.{ext}`, with and without the page size), and every view of it shares one array of its quads, so
 * writers that take groups write them once ({@link CatalogView.groups}).
 */
const LAST_SELECTION = new WeakMap<Site, { readonly key: string; readonly quads: readonly Quad[] }>();

/** The result of {@link catalogView}. */
export interface CatalogView {
  readonly quads: Quad[];
  /**
   * For a page, the same quads in two groups: the selected datasets with what stays (one array for every view of
   * the page, whatever its links' form), then the Hydra controls. Absent for an unpaged view.
   */
  readonly groups?: readonly (readonly Quad[])[];
  /** Number of datasets matching the query (before paging). */
  readonly totalItems: number;
  /** Number of pages (at least 1). */
  readonly lastPage: number;
}

/**
 * Part of the DCAT catalog: the datasets modified since a date, and/or one page of them, with Hydra paging
 * controls in both the W3C Hydra form (`hydra:PartialCollectionView`, `hydra:first/last/next/previous` as IRIs)
 * and the older form harvesters such as data.europa.eu read (`hydra:PagedCollection`, `hydra:nextPage`… as
 * strings), and `hydra:totalItems`. Datasets not selected are left out with their distributions and documents;
 * the catalog and services stay, and the agents and contact points that what stays names (publishers, contact
 * points, their parent organisations), so a page's size follows its datasets, not the whole site. Page URLs are absolute: `{base}catalog?page=N&…`.
 * @param resourcePath the path the links use (`catalog`, or `catalog.ttl` for a fixed format).
 * @throws LodError (`not_found`) for a page after the last.
 */
export function catalogView(site: Site, query: CatalogQuery, resourcePath = "catalog"): CatalogView {
  const index = catalogIndex(site);
  const { all, catalogs, members, thingDate } = index;
  // Datasets without a content date are kept: an incremental harvester must not miss them.
  const matching = query.modifiedSince
    ? members.filter((m) => {
        const d = thingDate.get(m);
        return d === undefined || d >= (query.modifiedSince as Date);
      })
    : members;
  const paged = query.page !== undefined || query.pageSize !== undefined;
  const pageSize = query.pageSize ?? CATALOG_PAGE_SIZE.default;
  const page = query.page ?? 1;
  const lastPage = paged ? Math.max(1, Math.ceil(matching.length / pageSize)) : 1;
  if (page > lastPage)
    throw new LodError("not_found", `Catalog page ${page} does not exist; the last page is ${lastPage}`);
  const selected = new Set(paged ? matching.slice((page - 1) * pageSize, page * pageSize) : matching);

  // Leave out unselected datasets, their distributions, and the documents about them; keep the agents and
  // contact points that what stays names. Built from the page's datasets: the cost follows the page, not the site.
  const chosen = () => (selected.size === members.length ? [...all] : selectedQuads(index, selected));
  if (!paged) return { quads: chosen(), totalItems: matching.length, lastPage };
  const key = `${page} ${pageSize} ${query.modifiedSince?.toISOString() ?? ""}`;
  const last = LAST_SELECTION.get(site);
  const body = last?.key === key ? last.quads : chosen();
  LAST_SELECTION.set(site, { key, quads: body });
  const hydraQuads: Quad[] = [];
  const url = (n: number) =>
    `${site.baseIri}${resourcePath}${catalogQueryString({ ...query, page: n, pageSize })}`;
  const view = namedNode(url(page));
  const links: [string, string, number][] = [
    ["first", "firstPage", 1],
    ["last", "lastPage", lastPage],
  ];
  if (page > 1) links.push(["previous", "previousPage", page - 1]);
  if (page < lastPage) links.push(["next", "nextPage", page + 1]);
  hydraQuads.push(
    quad(view, rdf.type, hydra.PartialCollectionView),
    quad(view, rdf.type, hydra.PagedCollection),
    quad(view, hydra.totalItems, literal(String(matching.length), xsd.integer)),
    quad(view, hydra.itemsPerPage, literal(String(pageSize), xsd.integer)),
  );
  for (const [iriTerm, stringTerm, n] of links) {
    hydraQuads.push(
      quad(view, hydra.$term(iriTerm), namedNode(url(n))),
      quad(view, hydra.$term(stringTerm), literal(url(n))),
    );
  }
  for (const c of [...catalogs].sort()) hydraQuads.push(quad(namedNode(c), hydra.view, view));
  return {
    quads: [...body, ...hydraQuads],
    groups: [body, hydraQuads],
    totalItems: matching.length,
    lastPage,
  };
}
