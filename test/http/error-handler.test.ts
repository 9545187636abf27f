import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  IoError,
  LodError,
  NotAcceptableError,
  NotFoundError,
  ParseError,
  ValidationError,
} from "../../src/errors.js";
import { createErrorHandler, LOD_ERROR_STATUS, statusOf } from "../../src/http/error-handler.js";

function appThrowing(error: unknown, onError?: (e: unknown) => void) {
  const app = express();
  app.get("/x", () => {
    throw error;
  });
  app.use(createErrorHandler(onError ? { onError } : {}));
  return app;
}

describe("http/error-handler", () => {
  it("maps govlod error codes to statuses: client mistakes 4xx, server problems 5xx", () => {
    expect(statusOf(new NotFoundError("http://x/"))).toBe(404);
    expect(statusOf(new NotAcceptableError(["text/turtle"]))).toBe(406);
    expect(statusOf(new ParseError("bad"))).toBe(400);
    expect(statusOf(new LodError("usage_error", "bad"))).toBe(400);
    expect(statusOf(new ValidationError([]))).toBe(500);
    expect(statusOf(new IoError("store down"))).toBe(502);
    expect(statusOf(Object.assign(new Error("bad %"), { status: 400 }))).toBe(400);
    expect(statusOf(Object.assign(new Error("weird"), { statusCode: 302 }))).toBe(500);
    expect(statusOf("a string")).toBe(500);
    expect(
      Object.keys(LOD_ERROR_STATUS).every(
        (k) => typeof LOD_ERROR_STATUS[k as keyof typeof LOD_ERROR_STATUS] === "number",
      ),
    ).toBe(true);
  });

  it("answers 5xx with a generic body and reports the error to onError", async () => {
    const seen: unknown[] = [];
    const error = new ValidationError([], { code: "shacl_violation" });
    const res = await request(appThrowing(error, (e) => seen.push(e))).get("/x");
    expect(res.status).toBe(500);
    expect(res.text).toBe("500 Internal Server Error\nThe server could not answer this request.\n");
    expect(seen).toEqual([error]);
  });

  it("answers 4xx with the error's message and does not report it", async () => {
    const seen: unknown[] = [];
    const res = await request(appThrowing(new NotFoundError("http://x/doc/a"), (e) => seen.push(e)))
      .get("/x")
      .set("Accept", "text/html");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.text).toContain("<p>No resource http://x/doc/a</p>");
    expect(seen).toEqual([]);
  });

  it("lists the supported media types of a NotAcceptableError", async () => {
    const res = await request(
      appThrowing(new NotAcceptableError(["text/turtle", "application/ld+json"])),
    ).get("/x");
    expect(res.status).toBe(406);
    expect(res.text).toContain("text/turtle\napplication/ld+json\n");
  });

  it("escapes messages in HTML", async () => {
    const res = await request(appThrowing(new ParseError("<script>alert(1)</script>")))
      .get("/x")
      .set("Accept", "text/html");
    expect(res.text).not.toContain("<script>");
    expect(res.text).toContain("&#60;script&#62;");
  });
});
