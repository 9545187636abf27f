// A static build of the embedded site, then rebuilds after an edit through one long-running builder (what
// `govlod build --watch` does). Works on a copy of data/ in a temporary folder.
// Run: npx tsx examples/static-build.ts
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBuilder, loadShapes } from "govlod/node";

const work = await mkdtemp(join(tmpdir(), "govlod-example-"));
try {
  const dir = join(work, "data");
  await cp(new URL("../data", import.meta.url), dir, { recursive: true });
  const builder = createBuilder({
    dir,
    out: join(work, "public"),
    baseIri: "https://data.example.gov/",
    shapes: await loadShapes(), // SHACL: a violation stops the build and leaves the output as it was
  });
  const first = await builder.build();
  console.log(`built ${first.documents} documents, ${first.files} files`);

  // An editor changes a news item's title; the builder renders that document and the pages that show it.
  const news = join(dir, "news", "regionale-utviklingstrekk-2021.json");
  const item = JSON.parse(await readFile(news, "utf8")) as { title: { nb: string } };
  item.title.nb = "Regionale utviklingstrekk 2021 (oppdatert)";
  await writeFile(news, JSON.stringify(item, null, 2));
  const again = await builder.build();
  console.log(
    `rebuilt: ${again.rendered} documents rendered, ${again.reused} reused; ` +
      `HTML pages ${again.pagesRendered} rendered, ${again.pagesReused} reused, in ${again.seconds.toFixed(2)} s`,
  );
  const turtle = await readFile(
    join(work, "public", "doc", "news", "regionale-utviklingstrekk-2021.ttl"),
    "utf8",
  );
  if (!turtle.includes("(oppdatert)")) throw new Error("the rebuild did not write the new title");
} finally {
  await rm(work, { recursive: true, force: true });
}
