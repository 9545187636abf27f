import type { Server } from "node:http";
import { loadSite } from "../../node/index.js";

/** `govlod serve [dir]`: loads the folder, mounts the router on a bare Express app and listens. */
export async function runServe(
  dir: string,
  options: { port: number; baseIri: string; log: (line: string) => void },
): Promise<Server> {
  const { site } = await loadSite(dir, { baseIri: options.baseIri });
  let express: typeof import("express");
  try {
    express = ((await import("express")) as unknown as { default: typeof import("express") }).default;
  } catch (cause) {
    throw new Error("govlod serve needs express: npm install express", { cause });
  }
  const { createLodRouter } = await import("../../http/index.js");
  const app = express();
  app.disable("x-powered-by");
  app.use(createLodRouter({ site }));
  return await new Promise((resolve) => {
    const server = app.listen(options.port, () => {
      options.log(`govlod: serving ${site.documents.size} documents from ${dir} at ${site.baseIri} (port ${options.port})`);
      resolve(server);
    });
  });
}
