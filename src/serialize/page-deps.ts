import type { Site, SiteDocument } from "../site/site.js";
import { siteHome } from "./html.js";
import { breadcrumbTrail } from "./html-breadcrumbs.js";
import { backlinksOf, docOf } from "./html-sections.js";
import type { ReadKey } from "./page-reads.js";

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
