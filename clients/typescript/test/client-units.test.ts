/** Pieces of the client that need no gateway: error shapes, SSE parsing, token stores, refresh failure handling. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { ApiError, LocalStorageTokenStore, MemoryTokenStore, PaClient, parseRetryAfter, readChunks } from "../src/index.js";

function stream(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      parts.forEach((p) => controller.enqueue(encoder.encode(p)));
      controller.close();
    },
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) {
    result.push(item);
  }

  return result;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("ApiError", () => {
  it("reads problem+json, OpenAI and Anthropic error bodies", () => {
    const problem = ApiError.fromBody(429, { title: "Too many requests", status: 429, detail: "Daily AI quota used.", code: "quota_exceeded", traceId: "abc" }, new Headers({ "retry-after": "17" }));
    assert.deepEqual([problem.code, problem.message, problem.title, problem.traceId, problem.retryAfter], ["quota_exceeded", "Daily AI quota used.", "Too many requests", "abc", 17]);

    const openai = ApiError.fromBody(404, { error: { message: "The model 'x' does not exist.", type: "not_found_error", code: "model_not_found" } });
    assert.deepEqual([openai.code, openai.message], ["model_not_found", "The model 'x' does not exist."]);

    const anthropic = ApiError.fromBody(403, { type: "error", error: { type: "permission_error", message: "Not in your edition." } });
    assert.deepEqual([anthropic.code, anthropic.message], ["permission_error", "Not in your edition."]);

    const html = ApiError.fromBody(502, "<html>Bad gateway</html>", new Headers({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }));
    assert.deepEqual([html.code, html.traceId], ["server_error", "0af7651916cd43dd8448eb211c80319c"]);
    assert.ok(!html.message.includes("[object"));

    const validation = ApiError.fromBody(400, { title: "Bad request", detail: "name is required.", code: "validation_failed", errors: { name: ["name is required."] } });
    assert.deepEqual(validation.errors, { name: ["name is required."] });
    assert.ok(validation instanceof Error);
  });

  it("reads Retry-After as seconds or as a date", () => {
    assert.equal(parseRetryAfter("5"), 5);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter("soon"), undefined);
    const inTen = parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())!;
    assert.ok(inTen >= 8 && inTen <= 10, String(inTen));
  });
});

describe("chat stream parsing", () => {
  const chunk = (content: string) => JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] });

  it("yields chunks split anywhere, and stops at [DONE]", async () => {
    const body = `data: ${chunk("Hel")}\n\ndata: ${chunk("lo")}\n\n: keep-alive\n\ndata: [DONE]\n\ndata: ${chunk("after")}\n\n`;
    const parts = [body.slice(0, 7), body.slice(7, 50), body.slice(50, 51), body.slice(51)];
    const chunks = await collect(readChunks(stream(...parts)));
    assert.deepEqual(chunks.map((c) => c.choices[0]!.delta.content), ["Hel", "lo"]);
  });

  it("multi-byte characters split across reads arrive whole", async () => {
    const bytes = new TextEncoder().encode(`data: ${chunk("h\u00e9\u{1F600}")}\n\ndata: [DONE]\n\n`);
    const split = bytes.indexOf(0xf0) + 2;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const [only] = await collect(readChunks(body));
    assert.equal(only!.choices[0]!.delta.content, "h\u00e9\u{1F600}");
  });

  it("an error event after the stream started ends it with an ApiError carrying the server's code", async () => {
    const body = `data: ${chunk("par")}\n\ndata: {"error":{"message":"provider broke off","type":"api_error","code":"provider_error"}}\n\n`;
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const c of readChunks(stream(body))) {
          seen.push(c.choices[0]!.delta.content ?? "");
        }
      })(),
      (error: unknown) => error instanceof ApiError && error.code === "provider_error" && error.message === "provider broke off",
    );
    assert.deepEqual(seen, ["par"]);
  });

  it("a refusal before the stream throws from the first iteration, with retryAfter", async () => {
    const client = new PaClient({
      baseUrl: "http://gateway.test",
      fetch: async () => json(429, { error: { message: "Quota used.", type: "rate_limit_error", code: "quota_exceeded" } }, { "retry-after": "30" }),
    });
    const error = await collect(client.ai.chatStream({ model: "m", messages: [] })).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.status, error.code, error.retryAfter], [429, "quota_exceeded", 30]);
  });
});

describe("tokens", () => {
  it("LocalStorageTokenStore keeps tokens under its key and ignores what it cannot read", () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    const global = globalThis as { localStorage?: unknown };
    global.localStorage = storage;
    try {
      const store = new LocalStorageTokenStore();
      assert.equal(store.load(), null);
      store.save({ accessToken: "a", refreshToken: "r", expiresAt: 5 });
      assert.deepEqual(JSON.parse(items.get("pa.tokens")!), { accessToken: "a", refreshToken: "r", expiresAt: 5 });
      assert.deepEqual(new LocalStorageTokenStore().load(), { accessToken: "a", refreshToken: "r", expiresAt: 5 });
      items.set("pa.tokens", "{not json");
      assert.equal(store.load(), null);
      store.save(null);
      assert.equal(items.has("pa.tokens"), false);
    } finally {
      delete global.localStorage;
    }
  });

  it("a refresh that fails for want of a network keeps the session; one the server refuses ends it", async () => {
    let refreshAnswer: () => Promise<Response> = async () => Promise.reject(new TypeError("offline"));
    const tokens = new MemoryTokenStore({ accessToken: "old", refreshToken: "r1", expiresAt: 0 });
    const client = new PaClient({
      baseUrl: "http://gateway.test",
      tokens,
      fetch: async (input) => (String(input).endsWith("/auth/refresh") ? refreshAnswer() : json(200, { ok: true })),
    });
    const signedOut: boolean[] = [];
    client.onAuthChange((s) => signedOut.push(s));
    const offline = await client.me().catch((e: unknown) => e);
    assert.ok(offline instanceof ApiError && offline.code === "network_error");
    assert.equal(client.signedIn, true);

    refreshAnswer = async () => json(401, { title: "Unauthorized", detail: "Spent.", code: "token_reused" });
    const reused = await client.me().catch((e: unknown) => e);
    assert.ok(reused instanceof ApiError && reused.code === "token_reused");
    assert.equal(client.signedIn, false);
    assert.deepEqual(signedOut, [false]);
  });
});
