import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A private Virtuoso instance on loopback, in a temporary folder. */
export interface VirtuosoInstance {
  /** SPARQL 1.1 query endpoint. */
  readonly sparql: string;
  /** Graph Store Protocol endpoint with HTTP Digest authentication (dba/dba). */
  readonly store: string;
  readonly credentials: { user: string; password: string };
  stop(): Promise<void>;
}

const SYSTEM_INI = "/etc/virtuoso-opensource-7/virtuoso.ini";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The system's virtuoso.ini with every file in `dir`, the given ports, and `dir` allowed. */
function privateIni(ini: string, dir: string, sqlPort: number, httpPort: number): string {
  let section = "";
  return ini
    .split("\n")
    .map((line) => {
      const header = /^\s*\[(.+)\]/.exec(line);
      if (header) section = header[1] as string;
      const key = line.split("=")[0]?.trim() ?? "";
      const value = line.split("=").slice(1).join("=").split(";")[0]?.trim() ?? "";
      const file = value.split("/").pop() ?? "";
      if (
        (section === "Database" || section === "TempDatabase") &&
        ["DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"].includes(key)
      )
        return `${key} = ${join(dir, file)}`;
      if (section === "Parameters" && key === "ServerPort") return `ServerPort = 127.0.0.1:${sqlPort}`;
      if (section === "HTTPServer" && key === "ServerPort") return `ServerPort = 127.0.0.1:${httpPort}`;
      if (section === "Parameters" && key === "DirsAllowed")
        return `DirsAllowed = ., ${dir}, /usr/share/virtuoso-opensource-7/vad`;
      // Few threads and little memory: the tests share a small machine.
      if (section === "Parameters" && key === "NumberOfBuffers") return "NumberOfBuffers = 10000";
      if (section === "Parameters" && key === "ThreadsPerQuery") return "ThreadsPerQuery = 1";
      if (section === "Parameters" && key === "CheckpointInterval") return "CheckpointInterval = 0";
      return line;
    })
    .join("\n");
}

/**
 * Starts a private Virtuoso (`virtuoso-t +foreground`, as a child of the test process) on free loopback ports
 * with its database in a temporary folder, and waits until `/sparql` answers.
 */
export async function startVirtuoso(timeoutMs = 90_000): Promise<VirtuosoInstance> {
  const dir = await mkdtemp(join(tmpdir(), "govlod-virtuoso-"));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  const ini = join(dir, "virtuoso.ini");
  await writeFile(ini, privateIni(await readFile(SYSTEM_INI, "utf8"), dir, sqlPort, httpPort));
  const child: ChildProcess = spawn("virtuoso-t", ["+configfile", ini, "+foreground"], {
    cwd: dir,
    stdio: "ignore",
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });
  const base = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (exited === undefined) {
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      const log = await readFile(join(dir, "virtuoso.log"), "utf8").catch(() => "");
      await stop();
      throw new Error(`virtuoso-t exited with ${exited} while starting:\n${log.slice(-2000)}`);
    }
    try {
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent("ASK {}")}`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.text();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Virtuoso did not answer at ${base}/sparql within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    sparql: `${base}/sparql`,
    store: `${base}/sparql-graph-crud-auth`,
    credentials: { user: "dba", password: "dba" },
    stop,
  };
}
