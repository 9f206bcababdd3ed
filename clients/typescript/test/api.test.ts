import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { ApiError, MemoryTokenStore, PaClient, TextOperation, type Tokens } from "../src/index.js";
import { countingFetch, needsServer, newClient, password, serverHas, sharedDocument, signUp } from "./support/server.js";

/** Runs `call` expecting an ApiError, and returns it. */
async function refused(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, `an ApiError, not ${String(error)}`);
    return error;
  }

  throw new assert.AssertionError({ message: "the call succeeded" });
}

describe("identity", needsServer, () => {
  it("registers, signs in and out, telling listeners", async () => {
    const client = newClient();
    const changes: boolean[] = [];
    client.onAuthChange((signedIn) => changes.push(signedIn));
    const email = `ts-${randomUUID()}@example.com`;
    const { userId } = await client.auth.register({ email, password, displayName: "Ada" });
    assert.equal(client.signedIn, false);
    await client.auth.login({ email, password });
    assert.equal(client.signedIn, true);
    const me = await client.me();
    assert.equal(me.userId, userId);
    assert.equal(me.email, email);
    assert.equal(me.displayName, "Ada");
    await client.auth.logout();
    assert.equal(client.signedIn, false);
    assert.deepEqual(changes, [true, false]);
    assert.equal((await refused(client.me())).code, "unauthorized");
  });

  it("turns problems into ApiErrors with the server's code and detail as the message", async () => {
    const client = newClient();
    const wrong = await refused(client.auth.login({ email: `nobody-${randomUUID()}@example.com`, password: "wrong-password-1" }));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.code, "invalid_credentials");
    assert.equal(wrong.message, wrong.detail);
    assert.ok(wrong.detail.length > 0 && !wrong.message.includes("[object"), wrong.message);
    assert.match(wrong.traceId ?? "", /^[0-9a-f]{32}$/);

    const user = await signUp("dup");
    const taken = await refused(newClient().auth.register({ email: user.email, password }));
    assert.equal(taken.status, 409);
    assert.equal(taken.code, "email_taken");

    const weak = await refused(newClient().auth.register({ email: `w-${randomUUID()}@example.com`, password: "a" }));
    assert.equal(weak.code, "weak_password");

    const missing = await refused(user.client.documents.get(randomUUID()));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, "not_found");
  });

  it("refreshes an expired access token once for concurrent calls, then uses the new pair", async () => {
    const counter = countingFetch();
    const user = await signUp("refresh", { fetch: counter.fetch });
    const before = user.client.http.tokens.load()!;
    user.client.http.tokens.save({ ...before, expiresAt: Date.now() - 1000 });

    const answers = await Promise.all(Array.from({ length: 5 }, () => user.client.me()));
    assert.ok(answers.every((me) => me.userId === user.userId));
    assert.equal(counter.count("/auth/refresh"), 1);
    const after = user.client.http.tokens.load()!;
    assert.notEqual(after.refreshToken, before.refreshToken, "rotated");
    assert.ok(after.expiresAt > Date.now());
    await user.client.quota();
    assert.equal(counter.count("/auth/refresh"), 1);
  });

  it("a refused access token (401) is refreshed once and the call retried", async () => {
    const counter = countingFetch();
    const user = await signUp("retry", { fetch: counter.fetch });
    const tokens = user.client.http.tokens.load()!;
    // Looks valid for an hour, but the signature is broken.
    user.client.http.tokens.save({ ...tokens, accessToken: tokens.accessToken.slice(0, -4) + "AAAA", expiresAt: Date.now() + 3_600_000 });
    await Promise.all([user.client.me(), user.client.me(), user.client.projects.list()]);
    assert.equal(counter.count("/auth/refresh"), 1);
    assert.equal(counter.count("/api/v1/me"), 4, "two refused, two retried");
  });

  it("a spent refresh token signs out: the family is revoked and listeners hear it", async () => {
    const user = await signUp("reuse");
    const stale: Tokens = { ...user.client.http.tokens.load()!, expiresAt: 0 };
    await user.client.auth.refresh();
    const fresh = user.client.http.tokens.load()!;

    // Another client still holding the spent pair tries it.
    const other = newClient({ tokens: new MemoryTokenStore(stale) });
    const changes: boolean[] = [];
    other.onAuthChange((s) => changes.push(s));
    const reused = await refused(other.me());
    assert.equal(reused.status, 401);
    assert.equal(reused.code, "token_reused");
    assert.equal(other.signedIn, false);
    assert.deepEqual(changes, [false]);

    // The whole family is gone, the rotated pair included.
    user.client.http.tokens.save({ ...fresh, expiresAt: 0 });
    await refused(user.client.me());
    assert.equal(user.client.signedIn, false);
  });

  it("creates and deletes API keys; reads quotas", async () => {
    const user = await signUp("keys");
    const key = await user.client.apiKeys.create({ name: "ci" });
    assert.match(key.apiKey, /^pa_/);
    const withKey = newClient({ tokens: new MemoryTokenStore({ accessToken: key.apiKey, refreshToken: "", expiresAt: Number.MAX_SAFE_INTEGER }) });
    assert.equal((await withKey.me()).userId, user.userId);
    const scoped = await user.client.apiKeys.create({ name: "plug-in", scopes: ["ai"], limits: { aiSpendPerDay: 1_000_000 } });
    const listed = await user.client.apiKeys.list();
    assert.deepEqual(listed.map((k) => [k.keyId, k.fullAccess, k.scopes, k.limits.aiSpendPerDay]), [
      [scoped.keyId, false, ["ai"], 1_000_000],
      [key.keyId, true, [], null],
    ]);
    assert.ok(listed.every((k) => !("apiKey" in k)));
    await user.client.apiKeys.delete(scoped.keyId);
    await user.client.apiKeys.delete(key.keyId);
    const kinds = (await user.client.quota()).map((q) => q.kind);
    for (const kind of ["ai_requests", "ai_tokens", "workflow_runs", "requests_per_minute"]) {
      assert.ok(kinds.includes(kind), `quota ${kind} in ${kinds.join()}`);
    }
  });
});

describe("projects and documents", needsServer, () => {
  it("creates, lists and edits documents over HTTP", async () => {
    const user = await signUp("docs");
    const name = `p ${randomUUID().slice(0, 8)}`;
    const { projectId } = await user.client.projects.create(name);
    assert.ok((await user.client.projects.list()).some((p) => p.projectId === projectId && p.name === name && p.role === "owner"));

    const { documentId, revision } = await user.client.projects.createDocument(projectId, "src/main.ts", "hello");
    assert.equal(revision, 0);
    assert.deepEqual(await user.client.projects.documents(projectId), [{ documentId, path: "src/main.ts", revision: 0 }]);

    const applied = await user.client.documents.submit(documentId, { revision: 0, operation: [5, " world"] });
    assert.deepEqual(applied, { revision: 1, operation: [5, " world"] });
    // Made on revision 0 as well: the server transforms it past revision 1.
    const late = await user.client.documents.submit(documentId, { revision: 0, operation: ["Oh, ", 5] });
    assert.deepEqual(late.operation, TextOperation.transform(TextOperation.fromJSON(["Oh, ", 5]), TextOperation.fromJSON([5, " world"]))[0].toJSON());

    const doc = await user.client.documents.get(documentId);
    assert.equal(doc.content, "Oh, hello world");
    assert.equal(doc.revision, 2);
    assert.equal((await user.client.documents.content(documentId, 1)).content, "hello world");
    const history = await user.client.documents.history(documentId, 0, 10);
    assert.deepEqual(history.map((h) => h.revision), [1, 2]);
    assert.equal(history[0]!.authorId, user.userId);

    const bad = await refused(user.client.documents.submit(documentId, { revision: 2, operation: [3] }));
    assert.equal(bad.code, "invalid_operation");
  });

  it("agrees with the server's transform on random concurrent operations", async () => {
    const { Random, randomOperation } = await import("./support/random.js");
    const user = await signUp("ot");
    const { projectId } = await user.client.projects.create("ot");
    const start = "the quick brown fox \u{1F98A} jumps";
    const { documentId } = await user.client.projects.createDocument(projectId, "ot.txt", start);
    let text = start;
    let revision = 0;
    const random = new Random(42);
    for (let i = 0; i < 12; i++) {
      const a = randomOperation(random, text);
      const b = randomOperation(random, text);
      await user.client.documents.submit(documentId, { revision, operation: b.toJSON() });
      const applied = await user.client.documents.submit(documentId, { revision, operation: a.toJSON() });
      const [aPrime] = TextOperation.transform(a, b);
      assert.deepEqual(applied.operation, aPrime.toJSON(), `case ${i}: a=${a} b=${b}`);
      text = aPrime.apply(b.apply(text));
      revision += 2;
    }

    assert.equal((await user.client.documents.get(documentId)).content, text);
  });

  it("invites by e-mail; the invitee accepts or declines", async () => {
    const [owner, invitee] = [await signUp("owner"), await signUp("invitee")];
    const { projectId } = await sharedDocument(owner, "x", [invitee]);
    assert.ok((await invitee.client.projects.list()).some((p) => p.projectId === projectId && p.role === "editor"));

    const { projectId: second } = await owner.client.projects.create("second");
    await owner.client.projects.addMember(second, invitee.email, "viewer");
    const invitation = (await invitee.client.invitations.list()).find((i) => i.projectId === second)!;
    assert.equal(invitation.role, "viewer");
    await invitee.client.invitations.decline(invitation.invitationId);
    assert.ok(!(await invitee.client.projects.list()).some((p) => p.projectId === second));
  });

  it("project details, rename and delete where the gateway has them", async (t) => {
    const user = await signUp("crud");
    const { projectId } = await user.client.projects.create("before");
    if (!(await serverHas("get", "/api/v1/projects/{projectId}"))) {
      t.skip("GET/PATCH/DELETE /api/v1/projects/{projectId} are not on this gateway yet");
      return;
    }

    assert.equal((await user.client.projects.get(projectId)).name, "before");
    await user.client.projects.rename(projectId, "after");
    assert.equal((await user.client.projects.get(projectId)).name, "after");
    await user.client.projects.delete(projectId);
    assert.equal((await refused(user.client.projects.get(projectId))).status, 404);
  });
});

describe("AI", needsServer, () => {
  it("lists models and refuses an unknown model before a stream starts", async () => {
    const user = await signUp("ai");
    const models = await user.client.ai.models();
    assert.equal(models.object, "list");
    const unknown = await refused(
      (async () => {
        for await (const chunk of user.client.ai.chatStream({ model: `no-such-model-${randomUUID()}`, messages: [{ role: "user", content: "hi" }] })) {
          void chunk;
        }
      })(),
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.code, "model_not_found");
    assert.ok(!unknown.message.includes("[object"), unknown.message);
  });

  it("streams a chat answer until [DONE]", { skip: process.env.PA_AI_MODEL ? false : "PA_AI_MODEL is not set (no AI provider configured)" }, async () => {
    const user = await signUp("chat");
    let text = "";
    for await (const chunk of user.client.ai.chatStream({ model: process.env.PA_AI_MODEL!, messages: [{ role: "user", content: "Say hi." }], max_tokens: 20 })) {
      text += chunk.choices[0]?.delta.content ?? "";
    }

    assert.ok(text.length > 0);
    const whole = await user.client.ai.chat({ model: process.env.PA_AI_MODEL!, messages: [{ role: "user", content: "Say hi." }], max_tokens: 20 });
    assert.ok(whole.choices[0]?.message);
  });
});

describe("workflows", needsServer, () => {
  it("creates a workflow, runs it to the end, and lists what the gateway lists", async () => {
    const user = await signUp("wf");
    const { workflowId, version } = await user.client.workflows.create({
      name: "echo",
      steps: [{ id: "echo", type: "transform", input: { value: { said: "{{input.word}}" } } }],
    });
    assert.equal(version, 1);
    assert.equal((await user.client.workflows.get(workflowId)).name, "echo");
    const key = randomUUID();
    const { runId } = await user.client.workflows.start(workflowId, { word: "hello" }, { idempotencyKey: key });
    // Bounded polling, backing off (each poll counts against the user's requests per minute).
    let run = await user.client.workflows.run(runId);
    for (let wait = 50; wait < 30_000 && !["succeeded", "failed", "cancelled"].includes(run.status); wait *= 2) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 2000)));
      run = await user.client.workflows.run(runId);
    }

    assert.equal(run.status, "succeeded", JSON.stringify(run));
    assert.deepEqual(run.output, { said: "hello" });
    if (await serverHas("get", "/api/v1/runs")) {
      assert.ok((await user.client.workflows.listRuns({ workflowId })).items.some((r) => r.runId === runId));
    }

    if (await serverHas("get", "/api/v1/workflows")) {
      assert.ok((await user.client.workflows.list()).some((w) => w.workflowId === workflowId));
    }
  });

  it("keeps secrets by name and never answers their values", async (t) => {
    if (!(await serverHas("get", "/api/v1/secrets"))) {
      t.skip("this gateway has no secrets");
      return;
    }

    const user = await signUp("wfsecret");
    const value = `sk-${randomUUID()}`;
    await user.client.workflows.putSecret("api_token", value);
    const listed = await user.client.workflows.secrets();
    assert.deepEqual(listed.map((s) => s.name), ["api_token"]);
    assert.ok(!JSON.stringify(listed).includes(value));
    await user.client.workflows.deleteSecret("api_token");
    assert.deepEqual(await user.client.workflows.secrets(), []);
  });
});

describe("licences", needsServer, () => {
  it("a key that is not a licence is refused with invalid_license", async () => {
    const user = await signUp("lic");
    const error = await refused(user.client.licenses.activate({ licenseKey: "PA1.bm90.YQ", deviceId: "dev-1" }));
    assert.equal(error.status, 403);
    assert.equal(error.code, "invalid_license");
    assert.equal((await user.client.licenses.validate({ licenseKey: "PA1.bm90.YQ", deviceId: "dev-1" })).valid, false);
  });

  it("admin calls are refused to members with forbidden", async () => {
    const user = await signUp("notadmin");
    const error = await refused(user.client.admin.aiProviders());
    assert.equal(error.status, 403);
    assert.equal(error.code, "forbidden");
  });
});

describe("transport", () => {
  it("a gateway that does not answer is an ApiError network_error", async () => {
    const client = newClient({ fetch: async () => Promise.reject(new TypeError("fetch failed")) });
    const error = await refused(client.projects.list());
    assert.equal(error.status, 0);
    assert.equal(error.code, "network_error");
    assert.match(error.message, /GET \/api\/v1\/projects got no answer/);
  });

  it("the socket URL follows the base URL, http becoming ws", () => {
    assert.equal(
      new PaClient({ baseUrl: "https://pa.example.com/base/" }).socketUrl("d 1", "t?k", "s"),
      "wss://pa.example.com/base/api/v1/documents/d%201/live?access_token=t%3Fk&session=s",
    );
    assert.equal(
      new PaClient({ baseUrl: "http://127.0.0.1:8080" }).socketUrl("d", "t", "s"),
      "ws://127.0.0.1:8080/api/v1/documents/d/live?access_token=t&session=s",
    );
  });
});
