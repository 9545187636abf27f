import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/store/auth.js";
import { createGraphStoreClient } from "../../src/store/clients.js";

const { namedNode, quad } = DataFactory;
const QUADS = [
  quad(
    namedNode("http://example.org/s"),
    namedNode("http://example.org/p"),
    namedNode("http://example.org/o"),
  ),
];

/** A fetch that answers with the given statuses in turn and records each request. */
function scripted(statuses: number[]): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    calls.push(`${init?.method} ${String(url)}`);
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)] as number;
    return new Response(status === 204 ? null : `status ${status}`, { status });
  };
  return { fetch: fetchImpl, calls };
}

describe("store/clients", () => {
  it("sends an idempotent PUT again when the store answers 5xx, and succeeds", async () => {
    const { fetch, calls } = scripted([500, 204]);
    await createGraphStoreClient("http://store.example/gsp", fetch).put("http://example.org/g", QUADS);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^PUT http:\/\/store\.example\/gsp\?graph=/);
  });

  it("gives up after two retries, with the store's last answer", async () => {
    const { fetch, calls } = scripted([503]);
    await expect(
      createGraphStoreClient("http://store.example/gsp", fetch).put("http://example.org/g", QUADS),
    ).rejects.toMatchObject({ code: "io_error", message: expect.stringContaining("503") });
    expect(calls).toHaveLength(3);
  });

  it("never repeats a request the store refused with 4xx", async () => {
    const { fetch, calls } = scripted([400]);
    await expect(
      createGraphStoreClient("http://store.example/gsp", fetch).put("http://example.org/g", QUADS),
    ).rejects.toMatchObject({ code: "io_error" });
    expect(calls).toHaveLength(1);
  });

  it("retries DELETE on 5xx too", async () => {
    const { fetch, calls } = scripted([502, 204]);
    await createGraphStoreClient("http://store.example/gsp", fetch).delete("http://example.org/g");
    expect(calls.map((c) => c.split(" ")[0])).toEqual(["DELETE", "DELETE"]);
  });
});
