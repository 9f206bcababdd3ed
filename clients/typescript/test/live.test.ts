import { strict as assert } from "node:assert";
import { after, describe, it } from "node:test";
import { LiveDocument, TextOperation } from "../src/index.js";
import { Random } from "./support/random.js";
import { needsServer, opened, serverHas, sharedDocument, signUp, until, type User } from "./support/server.js";

const open: LiveDocument[] = [];
after(() => open.forEach((doc) => doc.close()));

function live(user: User, documentId: string, session?: string): Promise<LiveDocument> {
  const doc = user.client.live(documentId, session ? { session } : {});
  open.push(doc);
  return opened(doc);
}

/** Fails the test on any error frame a document reports. */
function noErrors(...docs: LiveDocument[]): () => void {
  const errors: string[] = [];
  docs.forEach((doc) => doc.on("error", (e) => errors.push(`${doc.session.slice(0, 6)}: ${e.code} ${e.message}`)));
  return () => assert.deepEqual(errors, []);
}

/** A random small edit at a random place of `text` (whole characters). */
function randomEdit(random: Random, text: string, tag: string): TextOperation {
  const position = random.int(text.length + 1);
  const remove = random.next() < 0.3 ? Math.min(random.int(3), text.length - position) : 0;
  return TextOperation.splice(text.length, position, remove, random.next() < 0.8 ? tag : "");
}

/** Waits until every document has seen `revision` and all agree with the server. */
async function converged(owner: User, documentId: string, docs: LiveDocument[]): Promise<string> {
  await Promise.all(docs.map((d) => d.whenSynchronized()));
  const server = await owner.client.documents.get(documentId);
  await until(docs, () => docs.every((d) => d.revision >= server.revision), `every client at revision ${server.revision}`);
  for (const doc of docs) {
    assert.equal(doc.content, server.content, `${doc.session.slice(0, 6)} diverged from the server`);
    assert.equal(doc.pendingCount, 0);
    assert.equal(doc.otState, "synchronized");
  }

  return server.content;
}

describe("LiveDocument against the gateway", needsServer, () => {
  it("two users typing concurrently converge with the server", async () => {
    const [a, b] = [await signUp("a"), await signUp("b")];
    const { documentId } = await sharedDocument(a, "shared text\n", [b]);
    const [da, db] = [await live(a, documentId), await live(b, documentId)];
    const check = noErrors(da, db);
    const random = new Random(7);
    let sawBuffer = false;
    for (let round = 0; round < 40; round++) {
      // A few edits each without waiting, so operations cross in flight and buffers fill.
      for (let i = 0; i < 3; i++) {
        da.applyLocal(randomEdit(random, da.content, "a"));
        db.applyLocal(randomEdit(random, db.content, "b"));
        sawBuffer ||= da.otState === "awaitingWithBuffer" || db.otState === "awaitingWithBuffer";
      }

      if (round % 4 === 3) {
        await Promise.all([da.whenSynchronized(), db.whenSynchronized()]);
      }
    }

    const content = await converged(a, documentId, [da, db]);
    assert.ok(content.includes("a") && content.includes("b"));
    assert.ok(sawBuffer, "edits were buffered behind one in flight");
    check();
  });

  it("edits made offline arrive once after connect, as do edits whose ack was lost", async () => {
    const [a, b] = [await signUp("a"), await signUp("b")];
    const { documentId } = await sharedDocument(a, "0123456789", [b]);
    const [da, db] = [await live(a, documentId), await live(b, documentId)];
    const check = noErrors(da, db);

    // In flight when the connection goes: sent, very likely applied, its ack never read.
    da.applyLocal(TextOperation.splice(da.content.length, 0, 0, "<in-flight>"));
    da.disconnect();
    assert.equal(da.state, "offline");

    da.applyLocal(TextOperation.splice(da.content.length, da.content.length, 0, "<offline-1>"));
    da.applyLocal(TextOperation.splice(da.content.length, da.content.indexOf("5"), 0, "<offline-2>"));
    assert.equal(da.pendingCount, 2);
    assert.equal(da.otState, "awaitingWithBuffer");
    db.applyLocal(TextOperation.splice(db.content.length, db.content.indexOf("7"), 1, "<b>"));
    await db.whenSynchronized();

    da.connect();
    const content = await converged(a, documentId, [da, db]);
    for (const marker of ["<in-flight>", "<offline-1>", "<offline-2>", "<b>"]) {
      assert.equal(content.split(marker).length - 1, 1, `${marker} appears once in ${content}`);
    }

    const history = await a.client.documents.history(documentId, 0, 100);
    assert.equal(history.filter((h) => h.clientId === da.session).length, 2, "the in-flight edit and the composed offline edits");
    check();
  });

  it("resumes on reconnect: what was missed arrives as operations, no snapshot", async () => {
    const [a, b] = [await signUp("a"), await signUp("b")];
    const { documentId } = await sharedDocument(a, "abc", [b]);
    const [da, db] = [await live(a, documentId), await live(b, documentId)];
    da.applyLocal(TextOperation.splice(3, 3, 0, "!"));
    await da.whenSynchronized();
    da.disconnect();
    let snapshots = 0;
    let remotes = 0;
    da.on("snapshot", () => snapshots++);
    da.on("remote", () => remotes++);
    for (let i = 0; i < 3; i++) {
      db.applyLocal(TextOperation.splice(db.content.length, 0, 0, `${i}`));
      await db.whenSynchronized();
    }

    da.connect();
    await converged(a, documentId, [da, db]);
    assert.equal(remotes, 3);
    assert.equal(snapshots, 0, "a known session resumed");
  });

  it("shows the other's presence and moves it through local and remote edits", async () => {
    const [a, b] = [await signUp("a"), await signUp("b")];
    const { documentId } = await sharedDocument(a, "0123456789", [b]);
    const [da, db] = [await live(a, documentId), await live(b, documentId)];
    const peerA = () => db.peers().find((p) => p.userId === a.userId);

    da.setSelection([{ anchor: 4, head: 6 }]);
    await until([db], () => peerA()?.selection[0]?.head === 6, "A's selection at B");
    assert.equal(peerA()?.displayName, a.displayName);
    assert.equal(peerA()?.clientId, da.session);

    // B types before A's selection: B's view of it moves at once.
    db.applyLocal(TextOperation.splice(db.content.length, 1, 0, "bb"));
    assert.deepEqual(peerA()?.selection, [{ anchor: 6, head: 8 }]);

    // A types at its own caret: B receives A's operation and A's caret follows A's typing.
    await until([da], () => da.content.startsWith("0bb1"), "B's edit at A");
    assert.deepEqual(da.peers().find((p) => p.userId === b.userId)?.selection ?? [], []);
    da.applyLocal(TextOperation.splice(da.content.length, 8, 0, "AAA"));
    await until([db], () => db.content.includes("AAA"), "A's edit at B");
    assert.deepEqual(peerA()?.selection, [{ anchor: 6, head: 11 }]);

    // After a reconnect, A's presence is sent again; B sees the new one.
    da.disconnect();
    da.setSelection([{ anchor: 0, head: 0 }]);
    da.connect();
    await until([db], () => peerA()?.selection[0]?.head === 0, "A's presence after its reconnect");

    da.close();
    await until([db], () => peerA() === undefined, "A's leave at B");
  });

  it("a viewer's edit is refused: the document closes and says why", async () => {
    const [a, v] = [await signUp("a"), await signUp("viewer")];
    const { documentId } = await sharedDocument(a, "read only", [v], "viewer");
    const dv = await live(v, documentId);
    const errors: string[] = [];
    dv.on("error", (e) => errors.push(e.code));
    dv.applyLocal(TextOperation.splice(dv.content.length, 0, 0, "x"));
    await until([dv], () => dv.state === "closed", "the viewer's document to close");
    assert.deepEqual(errors, ["forbidden"]);
    assert.equal((await a.client.documents.get(documentId)).content, "read only");
  });

  it("a deleted document tells its live clients, who stop", async (t) => {
    if (!(await serverHas("delete", "/api/v1/documents/{documentId}"))) {
      t.skip("DELETE /api/v1/documents/{documentId} is not on this gateway yet");
      return;
    }

    const a = await signUp("a");
    const { documentId } = await sharedDocument(a, "doomed");
    const da = await live(a, documentId);
    let deleted = false;
    da.on("deleted", () => (deleted = true));
    await a.client.documents.delete(documentId);
    await until([da], () => da.state === "closed", "the document to close");
    assert.ok(deleted);
  });

  it("a document the user cannot open closes without reconnecting", async () => {
    const [a, stranger] = [await signUp("a"), await signUp("stranger")];
    const { documentId } = await sharedDocument(a, "private");
    const doc = stranger.client.live(documentId);
    open.push(doc);
    const errors: string[] = [];
    doc.on("error", (e) => errors.push(e.code));
    await until([doc], () => doc.state === "closed", "the stranger's document to close");
    assert.ok(errors.includes("not_found") || errors.includes("forbidden"), errors.join());
  });
});
