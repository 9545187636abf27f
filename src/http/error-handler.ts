import type { ErrorRequestHandler, Request, Response } from "express";
import { isLodError, type LodErrorCode } from "../errors.js";
import { negotiateMediaType } from "../serialize/negotiate.js";

/** Called with every error the router answers with a 5xx, and the request it came from. */
export type OnError = (error: unknown, req: Request) => void;

/**
 * The HTTP status of each library error code (STYLE §3). Client mistakes are 4xx; invalid stored content and I/O
 * failures are the server's problem.
 */
export const LOD_ERROR_STATUS: Readonly<Record<LodErrorCode, number>> = Object.freeze({
  not_found: 404,
  not_acceptable: 406,
  parse_error: 400,
  usage_error: 400,
  invalid_content: 500,
  shacl_violation: 500,
  io_error: 502,
  // SPARQL endpoint: updates and SERVICE are refused by policy; a query over the time or size limit cannot be
  // processed as asked (the client can narrow it), so neither is the server's fault.
  query_refused: 403,
  query_timeout: 422,
  result_too_large: 422,
  // Load shedding (a full SPARQL queue) is temporary: 503 with Retry-After, not a failure of the server.
  busy: 503,
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/**
 * The status for an error: the table above for govlod errors; the `status`/`statusCode` a 4xx error from Express
 * or its parsers carries (a malformed percent-encoding in a path is a 400); 500 for anything else.
 */
export function statusOf(error: unknown): number {
  if (isLodError(error)) return LOD_ERROR_STATUS[error.code] ?? 500;
  if (typeof error === "object" && error !== null) {
    const s =
      (error as { status?: unknown; statusCode?: unknown }).status ??
      (error as { statusCode?: unknown }).statusCode;
    if (typeof s === "number" && s >= 400 && s < 500) return s;
  }
  return 500;
}

/** An error response: a status, one sentence, and optional lines (e.g. the available variants). */
export interface ErrorBody {
  status: number;
  message: string;
  lines?: readonly { text: string; href?: string }[];
}

/**
 * Sends an error in the format the client prefers of plain text and HTML (text for `*∕*`, curl and
 * harvesters; HTML for browsers). Sets `Vary: Accept`.
 */
export function sendError(req: Request, res: Response, body: ErrorBody): void {
  const reason = REASONS[body.status] ?? "Error";
  const html = negotiateMediaType(req.get("accept"), ["text/plain", "text/html"]) === "text/html";
  res.status(body.status);
  res.vary("Accept");
  res.set("Cache-Control", "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  // Error pages load nothing and run nothing, whatever a message quotes.
  res.set(
    "Content-Security-Policy",
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("X-Frame-Options", "DENY");
  // CORS for reads (GET, HEAD) only, so that scripts elsewhere can see why a lookup failed.
  if (req.method === "GET" || req.method === "HEAD") res.set("Access-Control-Allow-Origin", "*");
  const lines = body.lines ?? [];
  if (html) {
    const items = lines
      .map(
        (l) =>
          `<li>${l.href ? `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>` : escapeHtml(l.text)}</li>`,
      )
      .join("");
    res.type("text/html; charset=utf-8");
    res.send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${body.status} ${reason}</title></head><body><h1>${body.status} ${reason}</h1><p>${escapeHtml(body.message)}</p>${items ? `<ul>${items}</ul>` : ""}</body></html>\n`,
    );
  } else {
    res.type("text/plain; charset=utf-8");
    res.send(
      `${body.status} ${reason}\n${body.message}\n${lines.map((l) => `${l.text}${l.href ? ` ${l.href}` : ""}\n`).join("")}`,
    );
  }
}

/**
 * Creates the Express error middleware of the router: maps govlod error codes to statuses ({@link statusOf}),
 * answers in plain text or HTML, and reports every 5xx to `onError` (never to the console). A 5xx body says
 * nothing about internals.
 * @example
 * app.use(createErrorHandler({ onError: (e) => logger.error(e) }));
 */
export function createErrorHandler(options: { onError?: OnError } = {}): ErrorRequestHandler {
  const onError = options.onError;
  return (error, req, res, next) => {
    if (res.headersSent) {
      onError?.(error, req);
      next(error);
      return;
    }
    const status = statusOf(error);
    if (status >= 500) onError?.(error, req);
    const supported =
      isLodError(error) && error.code === "not_acceptable"
        ? (error as { supported?: unknown }).supported
        : undefined;
    sendError(req, res, {
      status,
      message:
        status >= 500
          ? "The server could not answer this request."
          : isLodError(error)
            ? error.message
            : (REASONS[status] ?? "The request is not valid."),
      ...(Array.isArray(supported) ? { lines: supported.map((s) => ({ text: String(s) })) } : {}),
    });
  };
}
