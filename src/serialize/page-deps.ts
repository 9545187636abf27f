import { changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { siteHome } from "./html.js";
import { breadcrumbTrail, TRAIL_BELONGS_TO, TRAIL_CONTAINS, trailsMoved } from "./html-breadcrumbs.js";
import { backlinksOf, docOf, linkTargets } from "./html-sections.js";
import type { ReadKey } from "./page-reads.js";
import { documentsByThing } from "./schema-jsonld.js";

/**
 * The answer to a recorded query ({@link ReadKey}) on a version of the site: the documents whose whole content
 * the page may show, and a text for everything else it depends on (which documents, in which order, and the
 * few fields it shows of them).
 */
export interface ReadAnswer {
  readonly docs: readonly SiteDocument[];
  readonly text: string;
}

/** What a breadcrumb step shows: its reference (the link) and its title. */
const step = (d: SiteDocument) => `${d.ref} ${JSON.stringify(d.item.title)}`;

/**
 * Answers a query an HTML page recorded while it rendered ({@link recordingReads}) on a (possibly newer)
 * version of the site. `undefined` for a key this version of govlod does not know: the page must be rendered.
 */
export function answerRead(site: Site, key: ReadKey): ReadAnswer | undefined {
  const space = key.indexOf(" ");
  const query = space < 0 ? key : key.slice(0, space);
  const arg = space < 0 ? "" : key.slice(space + 1);
  switch (query) {
    case "doc": {
      const d = docOf(arg, site);
      return { docs: d ? [d] : [], text: d ? "" : "none" };
    }
    case "back": {
      const d = site.documents.get(arg);
      return d ? { docs: backlinksOf(d, site), text: "" } : { docs: [], text: "none" };
    }
    case "trail": {
      // The breadcrumbs show each step's title and link, nothing else of it.
      const d = site.documents.get(arg);
      return { docs: [], text: d ? breadcrumbTrail(d, site).map(step).join("\n") : "none" };
    }
    case "home": {
      // The header shows the home's title and links to it.
      const home = siteHome(site);
      return { docs: [], text: home ? step(home) : "none" };
    }
    case "modified":
      return { docs: [], text: site.lastModified?.toISOString() ?? "none" };
    default:
      return undefined;
  }
}

/**
 * Whether a document may be a step in another document's trail on this site: it contains something (a trail link
 * from its thing), or another document belongs to its thing. Conservative (any such link counts).
 */
function mayHaveTrailChildren(doc: SiteDocument, site: Site): boolean {
  for (const q of doc.quads)
    if (
      q.subject.value === doc.thingIri &&
      q.object.termType === "NamedNode" &&
      TRAIL_CONTAINS.has(q.predicate.value)
    )
      return true;
  for (const d of backlinksOf(doc, site))
    for (const q of d.quads)
      if (q.object.value === doc.thingIri && TRAIL_BELONGS_TO.has(q.predicate.value)) return true;
  return false;
}

/**
 * Which recorded queries may answer differently on `site` than on `previous`, an earlier version of it whose
 * unchanged documents are the same objects (`createSite` given the previous site): a long-running builder takes the
 * other pages as they were without answering their queries again. Conservative: `true` whenever a changed document
 * could be part of the answer — `doc` (the document named, by reference or thing), `back` (the document, or a
 * changed one linking to its thing before or after), `trail` (every trail when a changed document's place in the
 * trails or the catalog changed, else the trails through a changed document), `home` (the home page's title or
 * link, or the home document itself changed), `modified` (the site's date), and any query this version does not
 * know.
 */
export function changedReads(previous: Site, site: Site): (key: ReadKey) => boolean {
  const changes = changedDocuments(previous, site);
  const refs = new Set(changes.map((c) => c.ref));
  const things = new Set<string>();
  const targets = new Set<string>();
  for (const { before, after } of changes) {
    for (const d of [before, after]) {
      if (!d) continue;
      things.add(d.thingIri);
      for (const t of linkTargets(d)) targets.add(t);
    }
  }
  const moved = trailsMoved(previous, site);
  // A trail can pass through a changed document only when it has children in the trails (the same on both
  // versions when no trail moved): usually none has, and only the changed documents' own trails are checked.
  const throughChanged =
    !moved && changes.some(({ before }) => before !== undefined && mayHaveTrailChildren(before, previous));
  // The two queries of the whole site: answered on both versions once.
  const homeChanged = answerRead(previous, "home")?.text !== answerRead(site, "home")?.text;
  const modifiedChanged = previous.lastModified?.getTime() !== site.lastModified?.getTime();
  // The keys of `doc` and `back` queries whose answers may differ, as the pages record them: a page's keys are
  // looked up, not parsed (150 000 of them for 10 000 items).
  const staleKeys = new Set<string>();
  for (const ref of refs) {
    staleKeys.add(`doc ${ref}`);
    staleKeys.add(`back ${ref}`);
  }
  for (const thing of things) staleKeys.add(`doc ${thing}`);
  // Back-links to a thing change with a changed document that links to it (unchanged documents have the same
  // thing on both versions; changed ones are stale anyway).
  const byThing = documentsByThing(previous);
  for (const target of targets) {
    const d = byThing.get(target);
    if (d) staleKeys.add(`back ${d.ref}`);
  }
  return (key) => {
    if (staleKeys.has(key)) return true;
    if (key.startsWith("doc ") || key.startsWith("back ")) return false;
    if (key.startsWith("trail ")) {
      const ref = key.slice(6);
      if (moved || refs.has(ref)) return true;
      if (!throughChanged) return false;
      // The same trails as before: only the titles of changed documents on them can differ.
      const d = previous.documents.get(ref);
      return d === undefined || breadcrumbTrail(d, previous).some((step) => refs.has(step.ref));
    }
    if (key === "home") return homeChanged || refs.has(siteHome(site)?.ref ?? "");
    if (key === "modified") return modifiedChanged;
    return true; // a query this version does not know
  };
}
