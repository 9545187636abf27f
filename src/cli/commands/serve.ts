import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Command } from "commander";
import type { RequestHandler } from "express";
import { ValidationError } from "../../errors.js";
import { loadSite, updateFeedLog } from "../../node/index.js";
import type { Site } from "../../site/site.js";
import type { ShapesInput } from "../../validate/shacl.js";
import {
  type CliContext,
  invalidContentReport,
  parseHttpUrl,
  parsePort,
  resolveBaseIri,
  UsageError,
} from "../program.js";
import { type ShaclCliOptions, shapesOf, withShaclOptions } from "../shacl.js";
import { coalescing, watchContent } from "../watch.js";
import { loadExpress } from "./load-express.js";

/** Options of `govlod serve`. */
export interface ServeCommandOptions extends ShaclCliOptions {
  port?: number;
  base?: string;
  watch?: boolean;
  feedLog?: string;
  sparql?: string;
  store?: string;
}

/** A running server. */
export interface RunningServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The site being served now. */
  site(): Site;
  /** Loads the folder again and switches over when it is valid; resolves to whether it switched. */
  reload(): Promise<boolean>;
  /** Stops watching and closes the server (waits for open requests). */
  close(): Promise<void>;
}

/** Registers `govlod serve [dir]`. */
export function registerServe(program: Command, ctx: CliContext): void {
  withShaclOptions(
    program
      .command("serve")
      .description(
        "Serve a content folder over HTTP as linked data once it is valid (input and SHACL, as build checks it): 303 from /id/, content negotiation, the catalog, dumps, SPARQL. With --watch, content changes are loaded, validated and switched to without dropping a request; invalid content keeps the previous site.",
      )
      .argument("[dir]", "content folder", "data")
      .option("-p, --port <n>", "port (default: $PORT or 3000)", parsePort)
      .option("--base <iri>", "base IRI (default: $BASE_IRI or http://localhost:<port>/)")
      .option("-w, --watch", "reload when the content folder changes"),
  )
    .option(
      "--feed-log <file>",
      "keep the change feed's event log in this file: /feed then lists every change across restarts (default: the current state only)",
    )
    .option(
      "--sparql <query-url>",
      "serve from this SPARQL 1.1 query endpoint instead of memory",
      parseHttpUrl,
    )
    .option(
      "--store <graph-store-url>",
      "the Graph Store Protocol endpoint of that triplestore",
      parseHttpUrl,
    )
    .action(async (dir: string, opts: ServeCommandOptions) => {
      if (opts.sparql !== undefined || opts.store !== undefined) {
        if (opts.sparql === undefined || opts.store === undefined) {
          throw new UsageError(
            "serving from a triplestore needs both --sparql <query-url> and --store <graph-store-url>",
          );
        }
      }
      const envPort = ctx.env.PORT;
      let port = opts.port;
      if (port === undefined && envPort !== undefined && envPort !== "") {
        try {
          port = parsePort(envPort);
        } catch {
          throw new UsageError(`$PORT "${envPort}" must be a number from 0 to 65535`);
        }
      }
      port ??= 3000;
      const baseIri = resolveBaseIri(opts.base, ctx.env, `http://localhost:${port}/`) as string;
      const log = (line: string) => void ctx.stderr.write(`${line}\n`);
      if (opts.sparql !== undefined && opts.store !== undefined) {
        const { startStoreServer } = await import("./serve-store.js");
        const { storeClients } = await import("./push.js");
        const clients = storeClients({ sparql: opts.sparql, store: opts.store }, ctx.env);
        const fromStore = await startStoreServer(clients, { port, baseIri, log });
        await new Promise<void>((resolve) => ctx.onStop?.(resolve));
        await fromStore.close();
        return;
      }
      const shapes = await shapesOf(opts);
      const running = await startServer(dir, {
        port,
        baseIri,
        watch: opts.watch === true,
        log,
        ...(shapes ? { shapes } : {}),
        ...(opts.feedLog ? { feedLog: opts.feedLog } : {}),
      });
      await new Promise<void>((resolve) => ctx.onStop?.(resolve));
      await running.close();
    });
}

async function createRouterFor(site: Site, feedLog: string | undefined): Promise<RequestHandler> {
  const { createLodRouter } = await import("../../http/index.js");
  // With a log, each (re)load appends what changed and /feed serves the whole history (LDES).
  const feed = feedLog ? { events: (await updateFeedLog(feedLog, site)).events } : {};
  // The router is the whole server: what it does not handle is its negotiated 404 (DESIGN §4), not Express's page.
  return createLodRouter({ site, home: true, feed, fallthrough: false });
}

/**
 * Loads a content folder, serves it with the linked-data router on a bare Express app, and (with `watch`)
 * reloads on changes. The router of a new site is built completely before one assignment switches to it: a
 * request in flight finishes on the router it started on, and every new request sees the new site.
 * @example
 * const running = await startServer("data", { port: 0, baseIri: "http://localhost:3000/", watch: true, log });
 */
export async function startServer(
  dir: string,
  options: {
    port: number;
    host?: string;
    baseIri: string;
    watch: boolean;
    log: (line: string) => void;
    /** The change feed's event log file (see `--feed-log`). */
    feedLog?: string;
    /** SHACL shapes the site must conform to (as `govlod build` checks it); without them, the content only. */
    shapes?: ShapesInput;
  },
): Promise<RunningServer> {
  const express = await loadExpress();
  const load = () =>
    loadSite(dir, { baseIri: options.baseIri, ...(options.shapes ? { shapes: options.shapes } : {}) });
  let site = (await load()).site;
  let handler = await createRouterFor(site, options.feedLog);
  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => handler(req, res, next));

  let watcher: { close(): void } | undefined;

  const reloadOnce = async (): Promise<boolean> => {
    let next: Site;
    try {
      next = (await load()).site;
    } catch (error) {
      if (error instanceof ValidationError)
        options.log(invalidContentReport(error, "still serving the previous site").trimEnd());
      else options.log(`govlod: reload failed: ${(error as Error).message}; still serving the previous site`);
      return false;
    }
    const nextHandler = await createRouterFor(next, options.feedLog);
    site = next;
    handler = nextHandler;
    options.log(`govlod: reloaded ${next.documents.size} documents from ${dir}`);
    return true;
  };
  const reloads = coalescing(reloadOnce, (a, b) => a || b);

  if (options.watch) {
    // The folder removed or renamed: keep serving what was loaded (the watcher says so).
    watcher = watchContent(
      dir,
      () => void reloads.run(),
      (line) => options.log(`${line}; still serving the last valid site`),
    );
  }

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host ?? "0.0.0.0", (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  options.log(
    `govlod: serving ${site.documents.size} documents from ${dir} at ${site.baseIri} (port ${port})${options.watch ? ", watching for changes" : ""}`,
  );
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    site: () => site,
    reload: () => reloads.run(),
    close: async () => {
      watcher?.close();
      await reloads.idle();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open; requests in flight still finish.
      server.closeIdleConnections();
      await closed;
    },
  };
}
