/**
 * An incremental build keeps an HTML page when its fingerprint — its own content plus the answers to the queries
 * it made of the site while it rendered — is unchanged. That is only sound if every read of the site a page
 * makes is recorded. Proof by mutation: for many single edits of the seed site (titles, dates, descriptions,
 * references removed, organisation numbers, items added and removed), every page whose fingerprint stays the
 * same must render to the same bytes on the edited site.
 */
import { describe, expect, it } from "vitest";
import type { ContentItem } from "../../src/model/index.js";
import { documentFingerprints, pageFingerprint } from "../../src/node/build.js";
import { DEFAULT_FORMATS } from "../../src/serialize/formats.js";
import type { ReadKey } from "../../src/serialize/page-reads.js";
import { recordingReads } from "../../src/serialize/page-reads.js";
import { renderDocumentResource } from "../../src/serialize/variants.js";
import { createSite, type Site, type SiteDocument } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

const RENDERER = "test";
const isPage = (f: { mediaType: string }) => f.mediaType === "text/html";

interface Rendered {
  bytes: string;
  reads: ReadKey[];
  fingerprint: string | undefined;
}

function renderPages(site: Site, doc: SiteDocument): { bytes: string; reads: ReadKey[] } {
  const { result, reads } = recordingReads(() => renderDocumentResource(site, doc, DEFAULT_FORMATS, isPage));
  const bytes = result.variants
    .map((v) => `${v.path} ${result.lastModified?.toISOString()}\n${new TextDecoder().decode(v.body)}`)
    .join("\n");
  return { bytes, reads };
}

function renderAll(site: Site): Map<string, Rendered> {
  const fps = documentFingerprints(site, RENDERER);
  const out = new Map<string, Rendered>();
  for (const doc of site.documents.values()) {
    const { bytes, reads } = renderPages(site, doc);
    out.set(doc.ref, { bytes, reads, fingerprint: pageFingerprint(site, doc, reads, fps) });
  }
  return out;
}

type Mutation = { name: string; apply: (items: ContentItem[]) => ContentItem[] };

const clone = (items: ContentItem[]) => structuredClone(items) as (ContentItem & Record<string, unknown>)[];

function mutations(items: readonly ContentItem[]): Mutation[] {
  const out: Mutation[] = [];
  const refs = new Set(items.map((i) => i.slug));
  items.forEach((item, i) => {
    out.push({
      name: `title of ${item.type} ${item.slug}`,
      apply: (all) => {
        const next = clone(all);
        const t = next[i]?.title as Record<string, string>;
        t.nb = `${t.nb ?? ""} (endret)`;
        return next;
      },
    });
    if ("description" in item && item.description) {
      out.push({
        name: `description of ${item.slug}`,
        apply: (all) => {
          const next = clone(all);
          const d = next[i]?.description as Record<string, string>;
          d.nb = `${d.nb ?? ""} Mer tekst.`;
          return next;
        },
      });
    }
    for (const key of ["published", "modified"] as const) {
      const value = (item as Record<string, unknown>)[key];
      if (typeof value === "string" && /^\d{4}/.test(value)) {
        out.push({
          name: `${key} of ${item.slug}`,
          apply: (all) => {
            const next = clone(all);
            (next[i] as Record<string, unknown>)[key] = `2030${value.slice(4)}`;
            return next;
          },
        });
      }
    }
    // A reference dropped: the last entry of any list of references to other items on the site.
    for (const [key, value] of Object.entries(item)) {
      if (!Array.isArray(value) || value.length === 0) continue;
      const last = value[value.length - 1];
      if (typeof last !== "string" || !refs.has(last.split("/").pop() ?? "")) continue;
      out.push({
        name: `${key} of ${item.slug} loses ${last}`,
        apply: (all) => {
          const next = clone(all);
          ((next[i] as Record<string, unknown>)[key] as unknown[]).pop();
          return next;
        },
      });
    }
  });
  const orgs = items.flatMap((item, i) =>
    item.type === "Organisation" && !("organisationNumber" in item && item.organisationNumber) ? [i] : [],
  );
  for (const i of orgs.slice(0, 3)) {
    out.push({
      name: `organisation number for ${items[i]?.slug}`,
      apply: (all) => {
        const next = clone(all);
        (next[i] as Record<string, unknown>).organisationNumber = "974760673";
        return next;
      },
    });
  }
  const news = items.findIndex((i) => i.type === "NewsItem");
  if (news >= 0) {
    out.push({
      name: "a news item added",
      apply: (all) => {
        const next = clone(all);
        const copy = structuredClone(next[news]) as ContentItem & Record<string, unknown>;
        copy.slug = "ny-nyhet-lagt-til";
        (copy.title as Record<string, string>).nb = "Ny nyhet";
        return [...next, copy];
      },
    });
    out.push({
      name: "a news item removed",
      apply: (all) => clone(all).filter((_, j) => j !== news),
    });
  }
  return out;
}

describe("page fingerprints", () => {
  it("a page whose fingerprint is unchanged after an edit renders to the same bytes", async () => {
    const items = await seedItems();
    const base = createSite(items);
    const before = renderAll(base);
    const list = mutations(items);
    expect(list.length).toBeGreaterThan(40);
    let kept = 0;
    let changed = 0;
    for (const m of list) {
      let site: Site;
      try {
        site = createSite(m.apply(items));
      } catch {
        continue; // an edit the site refuses (a reference that must stay) proves nothing here
      }
      const fps = documentFingerprints(site, RENDERER);
      for (const doc of site.documents.values()) {
        const old = before.get(doc.ref);
        if (!old) continue;
        const now = pageFingerprint(site, doc, old.reads, fps);
        const same = now !== undefined && now === old.fingerprint;
        const bytes = renderPages(site, doc).bytes;
        if (same) {
          kept++;
          expect(bytes, `${m.name}: page of ${doc.ref} kept but it changed`).toBe(old.bytes);
        } else if (bytes !== old.bytes) changed++;
      }
    }
    // Both sides happen: most pages are kept, and edits do change pages (which were then rendered again).
    expect(kept).toBeGreaterThan(changed);
    expect(changed).toBeGreaterThan(list.length / 2);
  });

  it("a title edit renders again only the pages that show the title", async () => {
    const items = await seedItems();
    const base = createSite(items);
    const before = renderAll(base);
    const i = items.findIndex((x) => x.type === "NewsItem");
    const next = clone(items);
    (next[i]?.title as Record<string, string>).nb = "Endret tittel";
    const site = createSite(next);
    const fps = documentFingerprints(site, RENDERER);
    const again = [...site.documents.values()].filter((d) => {
      const old = before.get(d.ref);
      return pageFingerprint(site, d, old?.reads ?? [], fps) !== old?.fingerprint;
    });
    const shows = [...site.documents.values()].filter((d) =>
      renderPages(site, d).bytes.includes("Endret tittel"),
    );
    expect(again.map((d) => d.ref).sort()).toEqual(shows.map((d) => d.ref).sort());
    expect(again.length).toBeLessThan(site.documents.size / 4);
  });
});
