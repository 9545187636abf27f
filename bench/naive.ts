/**
 * The baseline build: what a developer gets by gluing the design card's packages together by hand. Read every
 * JSON file, parse it with zod, map it with govlod's mapping (the content model has to be mapped somehow; the
 * mapping is not what is compared), validate the whole graph at once with rdf-validate-shacl, then write every
 * document as Turtle (N3 Writer) and JSON-LD (jsonld.js fromRDF + compact), and the whole site as one N-Quads dump.
 * It writes fewer formats than `govlod build` (no HTML, RDF/XML, N-Triples, catalog, sitemap, nginx rules), so the
 * comparison favours the baseline.
 * @module
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { Parser, Store, Writer } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { ContentItemSchema } from "../src/model/index.js";
import { createSite } from "../src/site/site.js";
import { PREFIXES } from "../src/vocab/index.js";

const noNetwork = async (url: string): Promise<never> => {
  throw new Error(`no remote documents (${url})`);
};

function writeN3(quads: readonly Quad[], format: string, prefixes?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ format, ...(prefixes ? { prefixes } : {}) });
    writer.addQuads(quads as Quad[]);
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Runs the naive pipeline; returns how many documents it wrote and whether the data conforms. */
export async function naiveBuild(
  dir: string,
  out: string,
  shapesDir: string,
): Promise<{ documents: number; conforms: boolean }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const items = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(".json")) continue;
    const json = JSON.parse(await readFile(join(e.parentPath, e.name), "utf8")) as unknown;
    items.push(ContentItemSchema.parse(json));
  }
  const site = createSite(items);

  const shapes = new Store();
  for (const name of (await readdir(shapesDir)).filter((n) => n.endsWith(".ttl"))) {
    shapes.addQuads(
      new Parser({ blankNodePrefix: `${name}-` }).parse(await readFile(join(shapesDir, name), "utf8")),
    );
  }
  const validator = new SHACLValidator(shapes, { importGraph: () => new Store() } as never);
  const report = await validator.validate(new Store([...site.quads]));

  const context = { ...PREFIXES };
  for (const doc of site.documents.values()) {
    const base = join(out, "doc", doc.kind, doc.slug);
    await mkdir(dirname(base), { recursive: true });
    await writeFile(`${base}.ttl`, await writeN3(doc.quads, "text/turtle", context));
    const expanded = await jsonld.fromRDF(doc.quads as unknown as object);
    const compacted = await jsonld.compact(expanded, context, {
      documentLoader: noNetwork,
    } as jsonld.Options.Compact);
    await writeFile(`${base}.jsonld`, JSON.stringify(compacted, null, 2));
  }
  await writeFile(join(out, "dump.nq"), await writeN3(site.quads, "application/n-quads"));
  // Warnings do not fail a build; violations do.
  const conforms = !report.results.some((r) => r.severity?.value === "http://www.w3.org/ns/shacl#Violation");
  return { documents: site.documents.size, conforms };
}
