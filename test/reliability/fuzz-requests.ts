import { buildRequest } from "./raw-http.js";

/** A small seeded PRNG (mulberry32): the same seed gives the same requests on every machine. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
/** A seeded PRNG from {@link createRandom}. */
export type Random = ReturnType<typeof createRandom>;

/**
 * Markup an attacker would try to get reflected. Each carries the token `alert(9173)`; {@link REFLECTED} are the
 * unescaped forms that must never come back in a body a browser renders.
 */
export const XSS_PAYLOADS = [
  "<script>alert(9173)</script>",
  '"><svg onload=alert(9173)>',
  "<img src=x onerror=alert(9173)>",
  "</script><script>alert(9173)</script>",
  "javascript:alert(9173)//<b>",
] as const;
/** The raw markup of {@link XSS_PAYLOADS}. */
export const REFLECTED = ["<script>alert(9173)", "<svg onload=alert(9173)", "<img src=x onerror=alert(9173)"];

const TRAVERSALS = [
  "/../../../../etc/passwd",
  "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
  "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/..%2f..%2f..%2f..%2fetc/passwd",
  "/..%5c..%5c..%5c..%5cetc%5cpasswd",
  "/..\\..\\..\\etc\\passwd",
  "/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
  "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
  "/%c0%af..%c0%afetc%c0%afpasswd",
  "/....//....//....//etc/passwd",
  "/etc/passwd%00.html",
  "/%00",
  "/x%00.ttl",
  "/..%00/..%00/etc/passwd",
  "/%2fetc%2fpasswd",
  "//etc/passwd",
  "/;/../../etc/passwd",
  "/..;/..;/etc/passwd",
  "/package.json",
  "/../package.json",
  "/%2e%2e/package.json",
  "/src/cli/main.ts",
  "/.git/config",
  "/%2e%2e/%2e%2e/.git/config",
  "/data/news/regionale-utviklingstrekk-2021.json",
  "/file:///etc/passwd",
  "/\u0000/etc/passwd",
];

const BAD_PERCENT = [
  "%",
  "%z",
  "%zz",
  "%e2%82",
  "%ff%fe",
  "%uD800",
  "%%32%65",
  "%ed%a0%80",
  "%c0%80",
  "%2",
  "%G0",
];
const EXTENSIONS = [
  ".ttl",
  ".html",
  ".jsonld",
  ".nt",
  ".nq",
  ".rdf",
  ".exe",
  ".",
  ".TTL",
  ".html.ttl",
  ".php",
  "~",
  ".bak",
];
const OTHER_PATHS = [
  "/",
  "/doc/",
  "/id/",
  "/doc/news/",
  "/doc/news/does-not-exist",
  "/id/news/does-not-exist",
  "/doc/unknown-kind/x",
  "/catalog/",
  "/catalog.exe",
  "/.well-known/void.zip",
  "/feed/999999999",
  "/feed/-1",
  "/feed/member/abc",
  "/sparql/",
  "/dump.nq.gz",
  "/etc/passwd",
  "/*",
];
const METHODS = [
  ...Array<string>(12).fill("GET"),
  "HEAD",
  "HEAD",
  "POST",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "TRACE",
  "OPTIONS",
  "OPTIONS",
  "PROPFIND",
  "MKCOL",
  "LOCK",
  "SEARCH",
  "QUERY",
  "M-SEARCH",
  "FOO",
  "get",
  "G\u00c9T",
  "CONNECT",
];
const ACCEPTS = [
  "text/turtle",
  "application/ld+json",
  "text/html",
  "*/*",
  "",
  "text/html;q=0.9, text/turtle;q=abc",
  "text/turtle;q=-1, */*;q=0",
  "application/rdf+xml;q=1.5",
  "text/*;level=1;q=0.5, application/xml",
  "image/png",
  "*/html",
  "text/",
  "/",
  ";;;,,,",
  "text/turtle; charset=utf-16; q=0.1",
  'text/html;foo="bar\\"baz"',
  "application/json, text/javascript, */*; q=0.01",
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  "application/n-quads;q=0.00000001",
  "application/sparql-results+json",
  "\u00ff\u00fe",
];
const LANGUAGES = [
  "nb",
  "en",
  "nn;q=0.5, *",
  "*",
  "",
  "x-klingon",
  "nb-NO;q=abc",
  ";q=1",
  "en-US,en;q=0.9",
  "zz;q=-3",
];
const ETAGS = ["*", 'W/"x"', '"abc"', "unquoted", '""', "W/", ",,,", '"a", W/"b", *', '"', 'W/"unterminated'];
const DATES = [
  "Thu, 01 Jan 1970 00:00:00 GMT",
  "Fri, 31 Dec 9999 23:59:59 GMT",
  "garbage",
  "",
  "-1",
  "2021-05-05",
  "Mon, 32 Foo 2021 25:61:61 GMT",
  "NaN",
  "1e308",
  "Sat, 01 Jan -271821 00:00:00 GMT",
];
const NUMBERS = [
  "-1",
  "0",
  "1",
  "2",
  "1e9",
  "999999999999999999999",
  "NaN",
  "",
  "1.5",
  " 1",
  "0x10",
  "+3",
  "1000000000",
  "01",
];
const SINCE = [
  "garbage",
  "2021-01-01",
  "2021-13-45T99:99:99Z",
  "9999-12-31T23:59:59Z",
  "+275760-09-13T00:00:00.001Z",
  "-271821-04-20T00:00:00Z",
  "1970-01-01T00:00:00Z",
  "2021-05-05T00:00:00+02:00",
  "2021-05-05T00:00:00+99:00",
  "",
];
const FORMATS = ["ttl", "html", "jsonld", "exe", "", "../../etc/passwd", "TTL", "text/turtle", "%00"];
const QUERIES = [
  "SELECT",
  "{",
  "ASK {}",
  "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
  "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
  "LOAD <http://127.0.0.1:1/x>",
  "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
  "DESCRIBE <http://127.0.0.1:1/>",
  "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
  "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o } LIMIT 1",
  "SELECT ((((((((((1)))))))))) {}",
  "PREFIX : <",
  'SELECT ?x { BIND(REPEAT("a", 100) AS ?x) }',
];

function encodeRandomly(r: Random, s: string): string {
  return r.chance(0.5) ? s : encodeURIComponent(s);
}

function junk(r: Random, max: number): string {
  const n = r.int(max);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.9) ? 32 + r.int(95) : r.int(0x3000));
  return s;
}

function pathOf(r: Random, known: readonly string[]): string {
  let path = r.chance(0.7) ? r.pick(known) : r.pick(OTHER_PATHS);
  const mutations = r.int(3);
  for (let i = 0; i < mutations; i++) {
    switch (r.int(9)) {
      case 0:
        path = r.chance(0.5) ? r.pick(TRAVERSALS) : path + r.pick(TRAVERSALS);
        break;
      case 1:
        path += r.pick(BAD_PERCENT);
        break;
      case 2:
        path += `/${encodeRandomly(r, r.pick(XSS_PAYLOADS))}`;
        break;
      case 3:
        path += r.pick(EXTENSIONS);
        break;
      case 4:
        path += `/${"a".repeat(r.pick([100, 1000, 4000, 9000, 20_000]))}`;
        break;
      case 5:
        path += r.pick(["/ø", "/%C3%B8", "/😀", "/%F0%9F%98%80", "/\u202e", "/%E2%80%AE"]);
        break;
      case 6:
        path = path.toUpperCase();
        break;
      case 7:
        path = r.chance(0.5) ? `${path}/` : path.replace("/", "//");
        break;
      default:
        path += `/${encodeURIComponent(junk(r, 20))}`;
    }
  }
  return path;
}

function queryOf(r: Random): string {
  const params: string[] = [];
  const n = r.int(5);
  for (let i = 0; i < n; i++) {
    switch (r.int(10)) {
      case 0:
        params.push(`page=${encodeRandomly(r, r.pick(NUMBERS))}`);
        break;
      case 1:
        params.push(`pageSize=${encodeRandomly(r, r.pick(NUMBERS))}`);
        break;
      case 2:
        params.push(`modified_since=${encodeRandomly(r, r.pick(SINCE))}`);
        break;
      case 3:
        params.push(`format=${encodeRandomly(r, r.pick(FORMATS))}`);
        break;
      case 4:
        params.push(`query=${encodeURIComponent(r.pick(QUERIES))}`);
        break;
      case 5:
        params.push(
          `${r.pick(["page", "format", "query", "modified_since"])}=${encodeRandomly(r, r.pick(XSS_PAYLOADS))}`,
        );
        break;
      case 6:
        params.push(
          r.pick([
            "__proto__=1",
            "constructor[prototype][x]=1",
            "page[a]=1",
            "a[b][c]=d",
            "%zz=1",
            "x=%",
            "=",
            "&&&",
            "update=DROP%20ALL",
          ]),
        );
        break;
      case 7:
        params.push(`q=${"b".repeat(r.pick([10, 3000, 12_000, 40_000]))}`);
        break;
      case 8:
        params.push(
          `default-graph-uri=${encodeURIComponent(r.pick(["http://127.0.0.1:1/", "file:///etc/passwd", "urn:x"]))}`,
        );
        break;
      default:
        params.push(`${encodeURIComponent(junk(r, 8))}=${encodeURIComponent(junk(r, 30))}`);
    }
  }
  return params.length > 0 ? `?${params.join("&")}` : r.chance(0.05) ? "?" : "";
}

/** One generated request: its bytes and, for the report, a short description. */
export interface FuzzRequest {
  bytes: Buffer;
  method: string;
  target: string;
  /** Whether an oversized header was added (Node answers 431). */
  oversized: boolean;
}

/** Generates one hostile request for a server whose 200-paths are `known`. */
export function generateRequest(r: Random, known: readonly string[]): FuzzRequest {
  const method = r.pick(METHODS);
  let target = pathOf(r, known) + queryOf(r);
  if (r.chance(0.01)) target = r.pick(["*", "http://evil.example/doc/news/x", "doc/news", "127.0.0.1:80"]);
  const headers: [string, string][] = [];
  if (!r.chance(0.02))
    headers.push([
      "Host",
      r.chance(0.9)
        ? "127.0.0.1"
        : r.pick(["<script>alert(9173)</script>", "evil.example", "", "a".repeat(300)]),
    ]);
  if (r.chance(0.8))
    headers.push([
      "Accept",
      r.chance(0.1)
        ? r.pick(XSS_PAYLOADS)
        : r.chance(0.03)
          ? Array(800).fill("text/x-a;q=0.5").join(",")
          : r.pick(ACCEPTS),
    ]);
  if (r.chance(0.3)) headers.push(["Accept-Language", r.pick(LANGUAGES)]);
  if (r.chance(0.2)) headers.push(["If-None-Match", r.pick(ETAGS)]);
  if (r.chance(0.2)) headers.push(["If-Modified-Since", r.pick(DATES)]);
  if (r.chance(0.15))
    headers.push([
      "Accept-Encoding",
      r.pick(["gzip", "br", "deflate", "identity;q=0", "*;q=0", "gzip;q=abc", "x-junk"]),
    ]);
  if (r.chance(0.1)) headers.push(["Origin", r.pick(["https://evil.example", "null", "<script>"])]);
  if (r.chance(0.05)) headers.push(["X-Forwarded-Host", "evil.example"], ["X-Forwarded-Proto", "javascript"]);
  if (r.chance(0.05)) headers.push(["Range", r.pick(["bytes=0-10", "bytes=-1", "bytes=99999999-", "junk"])]);
  if (r.chance(0.03)) headers.push(["Expect", "100-continue"]);
  if (r.chance(0.05)) headers.push(["X-Payload", r.pick(XSS_PAYLOADS)]);
  const oversized = r.chance(0.02);
  if (oversized) headers.push(["X-Big", "x".repeat(20_000)]);
  let body: string | undefined;
  if (method === "POST" || method === "PUT" || method === "PATCH" || (method === "GET" && r.chance(0.02))) {
    const type = r.pick([
      "application/sparql-query",
      "application/x-www-form-urlencoded",
      "application/sparql-update",
      "application/json",
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded; charset=utf-16",
      "junk/junk; ;",
    ]);
    headers.push(["Content-Type", type]);
    body = r.pick([
      () => r.pick(QUERIES),
      () => `query=${encodeURIComponent(r.pick(QUERIES))}`,
      () => `query=${encodeURIComponent(r.pick(QUERIES))}&query=x`,
      () => `update=${encodeURIComponent("DROP ALL")}`,
      () => '{"@context":"http://127.0.0.1:1/ctx"}',
      () => junk(r, 200),
      () => "a=%zz&b=%",
      () => "x".repeat(r.pick([10, 300_000])),
    ])();
  }
  return { bytes: buildRequest(method, target, headers, body), method, target, oversized };
}
