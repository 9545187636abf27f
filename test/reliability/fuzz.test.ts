import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom, type FuzzRequest, generateRequest, REFLECTED } from "./fuzz-requests.js";
import { buildRequest, type RawOutcome, type RawResponse, sendRaw } from "./raw-http.js";
import { knownPaths, startTarget, type Target } from "./target.js";

/** Quick in CI; `GOVLOD_FUZZ_REQUESTS=50000` for the full run. `GOVLOD_FUZZ_SEED` picks another sequence. */
const REQUESTS = Number(process.env.GOVLOD_FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.GOVLOD_FUZZ_SEED ?? 20_210_505);
const PARALLEL = 16;

/** Bytes that only appear when a file outside the site is served. */
const LEAK_MARKERS = [
  "root:x:0:0:",
  '"devDependencies"',
  "repositoryformatversion",
  "process.exitCode = await runCli",
];

/** Browsers render these as documents (and run script in them); everything else we send is data under nosniff. */
const RENDERED = /html|xml|svg/i;

interface Failure {
  request: string;
  problem: string;
}

function describeRequest(req: FuzzRequest): string {
  const head = req.bytes.subarray(0, 300).toString("latin1").split("\r\n").slice(0, 8).join(" | ");
  return `${req.method} ${req.target.slice(0, 200)} [${head.slice(0, 400)}]`;
}

/** Every check one answer must pass; returns the problems found. */
function check(req: FuzzRequest, outcome: RawOutcome): string[] {
  if (outcome.kind === "timeout") return ["no answer within 10 s"];
  // CONNECT without a 'connect' listener: Node closes the socket, which is the right answer for a proxy verb.
  if (outcome.kind === "closed")
    return req.method === "CONNECT" ? [] : [`connection closed without a response (${outcome.bytes} bytes)`];
  const res = outcome.response;
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}: ${res.text.slice(0, 200)}`);
  if (res.status < 100) problems.push(`status ${res.status}`);
  for (const m of LEAK_MARKERS)
    if (res.text.includes(m)) problems.push(`body contains a file outside the site (${m})`);
  const type = res.headers["content-type"] ?? "";
  for (const payload of REFLECTED) {
    if (!res.text.includes(payload)) continue;
    if (RENDERED.test(type) || type === "")
      problems.push(`${type || "untyped"} body reflects ${payload} unescaped`);
    else if (res.headers["x-content-type-options"] !== "nosniff")
      problems.push(`${type} body reflects ${payload} without X-Content-Type-Options: nosniff`);
  }
  // Node refuses a head over --max-http-header-size (16 KiB) with 431, or 400 when other bytes were bad first.
  if (req.oversized && res.status !== 431 && res.status !== 400)
    problems.push(`oversized header answered ${res.status}, not 431`);
  // CORS only for reads: a state-changing method never gets Access-Control-Allow-Methods beyond GET and HEAD.
  const allowMethods = res.headers["access-control-allow-methods"];
  if (allowMethods !== undefined && allowMethods.replace(/\s/g, "") !== "GET,HEAD")
    problems.push(`Access-Control-Allow-Methods: ${allowMethods}`);
  return problems;
}

async function get(port: number, path: string, accept: string): Promise<RawResponse> {
  const out = await sendRaw(
    port,
    buildRequest("GET", path, [
      ["Host", "127.0.0.1"],
      ["Accept", accept],
    ]),
  );
  if (out.kind !== "response") throw new Error(`GET ${path}: ${out.kind}`);
  return out.response;
}

describe("http/router under hostile requests (fuzz)", () => {
  let target: Target;
  let baseline: Map<string, RawResponse>;
  const probes: [string, string][] = [
    ["/doc/news/regionale-utviklingstrekk-2021", "text/turtle"],
    ["/doc/news/regionale-utviklingstrekk-2021", "text/html"],
    ["/catalog", "application/ld+json"],
    ["/dump.nq", "*/*"],
  ];

  beforeAll(async () => {
    target = await startTarget();
    baseline = new Map();
    for (const [path, accept] of probes)
      baseline.set(`${path} ${accept}`, await get(target.port, path, accept));
  });
  afterAll(() => target.close());

  it(`answers ${REQUESTS} generated requests (seed ${SEED}) without a 5xx, a leaked file or reflected markup`, async () => {
    const started = performance.now();
    // Leak markers that exist on this machine must be real bytes of those files (else the check proves nothing).
    expect(await readFile(new URL("../../package.json", import.meta.url), "utf8")).toContain(LEAK_MARKERS[1]);
    const r = createRandom(SEED);
    const known = knownPaths(target.site);
    const requests = Array.from({ length: REQUESTS }, () => generateRequest(r, known));
    const statuses = new Map<number | string, number>();
    const failures: Failure[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++] as FuzzRequest;
        const outcome = await sendRaw(target.port, req.bytes);
        const key = outcome.kind === "response" ? outcome.response.status : outcome.kind;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        for (const problem of check(req, outcome)) failures.push({ request: describeRequest(req), problem });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const seconds = (performance.now() - started) / 1000;
    const serverErrors = [...statuses]
      .filter(([s]) => typeof s === "number" && s >= 500)
      .reduce((n, [, c]) => n + c, 0);
    const summary = [...statuses]
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      .map(([s, c]) => `${s}×${c}`)
      .join(" ");
    process.stderr.write(
      `fuzz: ${REQUESTS} requests (seed ${SEED}) in ${seconds.toFixed(1)} s; 5xx seen: ${serverErrors}; router onError: ${target.errors.length}; failures: ${failures.length}; statuses ${summary}\n`,
    );
    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
    expect(target.errors.map(String)).toEqual([]);
    // The generator reaches every kind of answer: documents, redirects, client errors, header overflow.
    for (const status of [200, 303, 304, 400, 404, 405, 406, 431])
      expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 600_000);

  it("answers normally afterwards, byte for byte as before", async () => {
    for (const [path, accept] of probes) {
      const before = baseline.get(`${path} ${accept}`) as RawResponse;
      const after = await get(target.port, path, accept);
      expect(after.status, path).toBe(200);
      expect(after.headers.etag).toBe(before.headers.etag);
      expect(after.body.equals(before.body), `${path} ${accept}`).toBe(true);
    }
  });
});
