import { connect } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** A response read off a raw socket: status, lower-cased headers and the (decoded) body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body as text (UTF-8, lossy). */
  text: string;
}

/** What became of one raw request. */
export type RawOutcome =
  | { kind: "response"; response: RawResponse }
  | { kind: "closed"; bytes: number }
  | { kind: "timeout" };

/**
 * Sends bytes as they are to a loopback port and reads until the server closes the connection, so that requests
 * no HTTP client would send (NUL bytes, bare `%`, 20 KB headers, odd methods) reach the server unchanged. The
 * request should carry `Connection: close`.
 */
export function sendRaw(port: number, request: Buffer | string, timeoutMs = 10_000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: "127.0.0.1", port });
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    // A reset after the response (the server closing a socket with unread input) still counts as an answer.
    socket.on("error", () => finish(outcomeOf(Buffer.concat(chunks))));
    socket.on("close", () => finish(outcomeOf(Buffer.concat(chunks))));
    socket.on("end", () => finish(outcomeOf(Buffer.concat(chunks))));
    socket.write(request);
  });
}

function outcomeOf(raw: Buffer): RawOutcome {
  const response = parseResponse(raw);
  return response ? { kind: "response", response } : { kind: "closed", bytes: raw.length };
}

/** Parses one HTTP/1.1 response (the first, when a server sent a 100 Continue or more). */
export function parseResponse(raw: Buffer): RawResponse | undefined {
  let rest = raw;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const head = rest.subarray(0, end).toString("latin1").split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "");
    if (!m) return undefined;
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(":");
      if (i > 0) {
        const name = line.slice(0, i).trim().toLowerCase();
        const value = line.slice(i + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
    }
    let body = rest.subarray(end + 4);
    if (status === 100) {
      rest = body;
      continue;
    }
    if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body);
    else if (headers["content-length"] !== undefined)
      body = body.subarray(0, Number(headers["content-length"]));
    body = decode(body, headers["content-encoding"]);
    return { status, headers, body, text: body.toString("utf8") };
  }
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function decode(body: Buffer, coding: string | undefined): Buffer {
  if (!coding || body.length === 0) return body;
  try {
    if (/gzip/i.test(coding)) return gunzipSync(body);
    if (/deflate/i.test(coding)) return inflateSync(body);
    if (/br/i.test(coding)) return brotliDecompressSync(body);
  } catch {
    // A truncated compressed body is checked as it is.
  }
  return body;
}

/** Builds the bytes of a request: request line, headers (in order, repeats allowed), `Connection: close`, body. */
export function buildRequest(
  method: string,
  target: string,
  headers: readonly (readonly [string, string])[],
  body?: Buffer | string,
): Buffer {
  const bodyBytes = body === undefined ? undefined : Buffer.from(body);
  const lines = [`${method} ${target} HTTP/1.1`];
  for (const [n, v] of headers) lines.push(`${n}: ${v}`);
  if (bodyBytes) lines.push(`Content-Length: ${bodyBytes.length}`);
  lines.push("Connection: close", "", "");
  const head = Buffer.from(lines.join("\r\n"), "utf8");
  return bodyBytes ? Buffer.concat([head, bodyBytes]) : head;
}
