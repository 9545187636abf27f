import type { Command } from "commander";
import { loadSite } from "../../node/index.js";
import { createAuthFetch } from "../../store/auth.js";
import {
  createGraphStoreClient,
  createSparqlClient,
  type GraphStoreClient,
  type SparqlClient,
} from "../../store/clients.js";
import { pushSite } from "../../store/push.js";
import { type CliContext, parseHttpUrl, resolveBaseIri, UsageError } from "../program.js";
import { type ShaclCliOptions, shapesOf, withShaclOptions } from "../shacl.js";

/** Options of `govlod push`. */
export interface PushCommandOptions extends ShaclCliOptions {
  sparql: string;
  store: string;
  base?: string;
  force?: boolean;
}

/** Registers `govlod push [dir] --sparql <query-url> --store <graph-store-url>`. */
export function registerPush(program: Command, ctx: CliContext): void {
  withShaclOptions(
    program
      .command("push")
      .description(
        "Publish a content folder into a SPARQL 1.1 triplestore once it is valid (input and SHACL, as build checks it): one named graph per document (the document IRI), each replaced atomically, unchanged graphs skipped, graphs of deleted documents removed. Credentials from $GOVLOD_STORE_USER and $GOVLOD_STORE_PASSWORD (HTTP Basic or Digest).",
      )
      .argument("[dir]", "content folder", "data")
      .requiredOption("--sparql <query-url>", "SPARQL 1.1 query endpoint of the store", parseHttpUrl)
      .requiredOption("--store <graph-store-url>", "Graph Store Protocol endpoint of the store", parseHttpUrl)
      .option("--base <iri>", "base IRI of the published site (default: $BASE_IRI or http://localhost:3000/)")
      .option("--force", "rewrite every graph, also those that have not changed"),
  ).action(async (dir: string, opts: PushCommandOptions) => {
    const clients = storeClients(opts, ctx.env);
    const baseIri = resolveBaseIri(opts.base, ctx.env, "http://localhost:3000/") as string;
    // Validated as a build is (SHACL too, unless --no-shacl) before anything is written to the store.
    const shapes = await shapesOf(opts);
    const { site } = await loadSite(dir, { baseIri, ...(shapes ? { shapes } : {}) });
    const report = await pushSite(site, {
      ...clients,
      force: opts.force === true,
      onProgress: (e) => {
        if (ctx.isTTY) ctx.stderr.write(`\r${e.done}/${e.total} graphs`);
      },
    });
    if (ctx.isTTY && report.written.length + report.deleted.length > 0) ctx.stderr.write("\n");
    for (const g of report.written) ctx.stdout.write(`written ${g}\n`);
    for (const g of report.deleted) ctx.stdout.write(`deleted ${g}\n`);
    ctx.stderr.write(
      `govlod: pushed ${site.documents.size} documents from ${dir} to ${opts.store}: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.deleted.length} deleted\n`,
    );
  });
}

/** The SPARQL and Graph Store clients for `--sparql` and `--store`, authenticated from the environment. */
export function storeClients(
  opts: { sparql: string; store: string },
  env: CliContext["env"],
): { sparql: SparqlClient; store: GraphStoreClient } {
  const authFetch = createAuthFetch(credentialsFrom(env));
  return {
    sparql: createSparqlClient(opts.sparql, authFetch),
    store: createGraphStoreClient(opts.store, authFetch),
  };
}

/** HTTP credentials from `$GOVLOD_STORE_USER` / `$GOVLOD_STORE_PASSWORD`: both or neither. */
export function credentialsFrom(env: CliContext["env"]): { user: string; password: string } | undefined {
  const user = env.GOVLOD_STORE_USER;
  const password = env.GOVLOD_STORE_PASSWORD;
  const hasUser = user !== undefined && user !== "";
  const hasPassword = password !== undefined && password !== "";
  if (hasUser !== hasPassword) {
    throw new UsageError("set both GOVLOD_STORE_USER and GOVLOD_STORE_PASSWORD, or neither");
  }
  return hasUser && hasPassword ? { user: user as string, password: password as string } : undefined;
}
