// Mount govlod in an existing Express 5 application, next to the app's own routes.
// Run: npx tsx examples/express-app.ts   (starts on a free port, makes two requests, and stops)
import express from "express";
import { createLodRouter } from "govlod/express";
import { loadShapes, loadSite } from "govlod/node";

const app = express();
app.get("/", (_req, res) => {
  res.send("The ministry's own home page");
});

const server = app.listen(0, async () => {
  const port = (server.address() as { port: number }).port;
  const baseIri = `http://localhost:${port}/`;
  // Checked as govlod build checks it (content and SHACL): invalid content throws and nothing is served.
  const shapes = await loadShapes();
  const { site } = await loadSite(new URL("../data", import.meta.url).pathname, { baseIri, shapes });
  app.use(createLodRouter({ site }));

  const redirect = await fetch(`${baseIri}id/policy-area/regional-og-distriktspolitikk`, {
    redirect: "manual",
  });
  console.log(redirect.status, redirect.headers.get("location"));

  const doc = await fetch(`${baseIri}doc/policy-area/regional-og-distriktspolitikk`, {
    headers: { accept: "application/ld+json" },
  });
  console.log(doc.status, doc.headers.get("content-type"));
  if (redirect.status !== 303 || doc.status !== 200) process.exitCode = 1;
  server.close();
});
