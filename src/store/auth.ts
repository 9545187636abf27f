import { createHash, randomBytes } from "node:crypto";

/** User name and password for a triplestore. */
export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** The `fetch` the store clients use: the global one, or one that authenticates. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1). */
export interface Challenge {
  /** The scheme, lower case: `basic`, `digest`. */
  readonly scheme: string;
  /** Its parameters, names lower case. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a `WWW-Authenticate` header into its challenges; a header may hold several, each with comma-separated
 * parameters whose quoted values may themselves contain commas.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: { scheme: string; params: Record<string, string> }[] = [];
  const re =
    /\s*(?:([!#$%&'*+.^_`|~0-9A-Za-z-]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))|([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?=\s|,|$))\s*,?/y;
  let m: RegExpExecArray | null = re.exec(header);
  while (m !== null && m[0] !== "") {
    if (m[4] !== undefined) out.push({ scheme: m[4].toLowerCase(), params: {} });
    else {
      const current = out[out.length - 1];
      if (current && m[1] !== undefined)
        current.params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
    }
    m = re.exec(header);
  }
  return out;
}

type Hash = (s: string) => string;
const md5: Hash = (s) => createHash("md5").update(s, "utf8").digest("hex");
const sha256: Hash = (s) => createHash("sha256").update(s, "utf8").digest("hex");

function quote(s: string): string {
  return `"${s.replace(/(["\\])/g, "\\$1")}"`;
}

/**
 * Computes an HTTP Digest `Authorization` header (RFC 7616; RFC 2617 `qop=auth` and the legacy form without
 * qop), MD5 or SHA-256, with or without `-sess`.
 */
export function digestAuthorization(
  challenge: Challenge,
  credentials: Credentials,
  request: { method: string; uri: string; nc: number; cnonce?: string },
): string {
  const p = challenge.params;
  const algorithm = p.algorithm ?? "MD5";
  const h = /^sha-256/i.test(algorithm) ? sha256 : md5;
  const realm = p.realm ?? "";
  const nonce = p.nonce ?? "";
  const cnonce = request.cnonce ?? randomBytes(12).toString("hex");
  const nc = request.nc.toString(16).padStart(8, "0");
  let ha1 = h(`${credentials.user}:${realm}:${credentials.password}`);
  if (/-sess$/i.test(algorithm)) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const qops = (p.qop ?? "").split(",").map((s) => s.trim().toLowerCase());
  const qop = qops.includes("auth") ? "auth" : undefined;
  const response = qop ? h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const parts = [
    `username=${quote(credentials.user)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${algorithm}`,
    `response=${quote(response)}`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (p.opaque !== undefined) parts.push(`opaque=${quote(p.opaque)}`);
  return `Digest ${parts.join(", ")}`;
}

/**
 * Wraps `fetch` with HTTP authentication: a request that is answered `401` is sent once more with Basic or Digest
 * credentials, whichever the server asks for (Digest when it offers both). The last challenge is remembered per
 * origin, so later requests authenticate at once (Digest with an increasing nonce count until the server calls the
 * nonce stale). Bodies must be strings or bytes, so they can be sent twice. Without credentials it is plain fetch.
 * @example
 * const authFetch = createAuthFetch({ user: "dba", password: "dba" });
 * await authFetch("http://localhost:8890/sparql-graph-crud-auth?graph=…", { method: "PUT", body });
 */
export function createAuthFetch(
  credentials: Credentials | undefined,
  fetchImpl: FetchLike = fetch,
): FetchLike {
  if (!credentials) return fetchImpl;
  const remembered = new Map<string, { challenge: Challenge; nc: number }>();

  const authorize = (url: URL, method: string, state: { challenge: Challenge; nc: number }): string => {
    if (state.challenge.scheme === "basic") {
      return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, "utf8").toString("base64")}`;
    }
    state.nc += 1;
    return digestAuthorization(state.challenge, credentials, {
      method,
      uri: `${url.pathname}${url.search}`,
      nc: state.nc,
    });
  };

  return async (input, init = {}) => {
    const url = new URL(input);
    const method = (init.method ?? "GET").toUpperCase();
    const send = (authorization: string | undefined) => {
      const headers = new Headers(init.headers);
      if (authorization) headers.set("Authorization", authorization);
      return fetchImpl(input, { ...init, headers });
    };
    const known = remembered.get(url.origin);
    let res = await send(known ? authorize(url, method, known) : undefined);
    if (res.status !== 401) return res;
    const header = res.headers.get("www-authenticate");
    const challenges = header ? parseChallenges(header) : [];
    const challenge =
      challenges.find((c) => c.scheme === "digest") ?? challenges.find((c) => c.scheme === "basic");
    // Retry only with a new challenge: the same one again means the credentials are wrong.
    if (!challenge || (known && known.challenge.scheme === "basic" && challenge.scheme === "basic"))
      return res;
    await res.body?.cancel();
    const state = { challenge, nc: 0 };
    remembered.set(url.origin, state);
    res = await send(authorize(url, method, state));
    return res;
  };
}
