import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthFetch, digestAuthorization, parseChallenges } from "../../src/store/auth.js";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

describe("store/auth", () => {
  it("parses several challenges with quoted commas", () => {
    expect(
      parseChallenges(
        'Digest realm="SPARQL, dba", nonce="abc", qop="auth,auth-int", algorithm=MD5, Basic realm="x"',
      ),
    ).toEqual([
      {
        scheme: "digest",
        params: { realm: "SPARQL, dba", nonce: "abc", qop: "auth,auth-int", algorithm: "MD5" },
      },
      { scheme: "basic", params: { realm: "x" } },
    ]);
  });

  it("computes the RFC 7616 §3.9.1 example responses (MD5 and SHA-256)", () => {
    const params = {
      realm: "http-auth@example.org",
      qop: "auth, auth-int",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    };
    const request = {
      method: "GET",
      uri: "/dir/index.html",
      nc: 1,
      cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
    };
    const credentials = { user: "Mufasa", password: "Circle of Life" };
    expect(
      digestAuthorization(
        { scheme: "digest", params: { ...params, algorithm: "MD5" } },
        credentials,
        request,
      ),
    ).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
    const sha = digestAuthorization(
      { scheme: "digest", params: { ...params, algorithm: "SHA-256" } },
      credentials,
      request,
    );
    expect(sha).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(sha).toContain("nc=00000001");
    expect(sha).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  describe("against a server that asks for Digest or Basic", () => {
    let server: Server;
    let base = "";
    const seen: string[] = [];
    const user = "dba";
    const password = "s3cret";
    const nonce = "n0nce";
    const checkDigest = (req: IncomingMessage): boolean => {
      const h = req.headers.authorization ?? "";
      if (!h.startsWith("Digest ")) return false;
      const p = parseChallenges(h)[0]?.params ?? {};
      const ha1 = md5(`${p.username}:realm:${password}`);
      const ha2 = md5(`${req.method}:${p.uri}`);
      return (
        p.uri === req.url &&
        p.username === user &&
        p.response === md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
      );
    };
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url} ${req.headers.authorization?.split(" ")[0] ?? "-"}`);
        req.resume();
        if (req.url?.startsWith("/digest")) {
          if (checkDigest(req)) return void res.writeHead(200).end("ok");
          return void res
            .writeHead(401, {
              "WWW-Authenticate": `Digest realm="realm", nonce="${nonce}", qop="auth", algorithm=MD5, Basic realm="realm"`,
            })
            .end();
        }
        const basic = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
        if (req.headers.authorization === basic) return void res.writeHead(200).end("ok");
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="realm"' }).end();
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("answers a Digest challenge (preferred over Basic) and then authenticates at once", async () => {
      seen.length = 0;
      const f = createAuthFetch({ user, password });
      const first = await f(`${base}/digest/graph?graph=http%3A%2F%2Fe%2Fg`, {
        method: "PUT",
        body: "<a> <b> <c> .",
      });
      expect(first.status).toBe(200);
      const second = await f(`${base}/digest/other`, { method: "DELETE" });
      expect(second.status).toBe(200);
      expect(seen).toEqual([
        "PUT /digest/graph?graph=http%3A%2F%2Fe%2Fg -",
        "PUT /digest/graph?graph=http%3A%2F%2Fe%2Fg Digest",
        "DELETE /digest/other Digest",
      ]);
    });

    it("answers a Basic challenge", async () => {
      const f = createAuthFetch({ user, password });
      expect((await f(`${base}/basic`)).status).toBe(200);
    });

    it("gives up with 401 when the credentials are wrong, without looping", async () => {
      seen.length = 0;
      const f = createAuthFetch({ user, password: "wrong" });
      expect((await f(`${base}/digest/x`)).status).toBe(401);
      expect((await f(`${base}/basic`)).status).toBe(401);
      expect(seen.length).toBeLessThanOrEqual(5);
    });

    it("is plain fetch without credentials", async () => {
      expect((await createAuthFetch(undefined)(`${base}/basic`)).status).toBe(401);
    });
  });
});
