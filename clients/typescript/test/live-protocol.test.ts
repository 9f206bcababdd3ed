/**
 * The live protocol's edge cases, against a scripted in-process socket: the paths a real server takes rarely or
 * at moments a test cannot choose (a gap in revisions, a snapshot while edits are pending, rate limits, refused
 * upgrades). The happy paths and convergence are tested against the real gateway in live.test.ts and traces.test.ts.
 */
import { strict as assert } from "node:assert";
import { afterEach, describe, it, mock } from "node:test";
import { ApiError, LiveDocument, TextOperation, type HistoryItem, type LiveHost, type WebSocketLike } from "../src/index.js";

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code: number; reason: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    assert.equal(this.readyState, 1, "sent only on an open socket");
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState !== 3) {
      this.readyState = 3;
      this.closedWith = { code, reason };
      this.onclose?.({ code, reason });
    }
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The server (or the network) ends the connection. */
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

interface Harness {
  doc: LiveDocument;
  history: HistoryItem[];
  probes: number;
  probe: () => Promise<unknown>;
}

function harness(options: { session?: string } = {}): Harness {
  const h: Harness = { doc: null!, history: [], probes: 0, probe: async () => ({}) };
  const host: LiveHost = {
    WebSocket: FakeSocket,
    socketUrl: (id, token, session) => `ws://test/${id}?access_token=${token}&session=${session}`,
    accessToken: async () => "token",
    refresh: async () => ({}),
    history: async (_id, from, limit) => h.history.filter((i) => i.revision > from).slice(0, limit),
    probe: () => {
      h.probes++;
      return h.probe();
    },
  };
  h.doc = new LiveDocument(host, "doc-1", { session: options.session ?? "s1", reconnectDelayMs: 1, maxReconnectDelayMs: 1 });
  return h;
}

/** The real setTimeout, for waiting while a test mocks the timers. */
const realSetTimeout = globalThis.setTimeout;

/** Bounded wait for a condition that in-process promises and 1 ms timers will bring about. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) {
      return;
    }

    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }

  throw new Error(`never happened: ${what}`);
}

async function socketNumber(n: number): Promise<FakeSocket> {
  await eventually(() => FakeSocket.all.length >= n, `socket ${n}`);
  return FakeSocket.all[n - 1]!;
}

/** Connected with a snapshot of `content` at `revision`. */
async function connected(content = "hello", revision = 5, options: { session?: string } = {}): Promise<Harness & { socket: FakeSocket }> {
  const h = harness(options);
  const socket = await socketNumber(FakeSocket.all.length + 1);
  socket.open();
  socket.receive({ type: "snapshot", revision, content, clientId: h.doc.session });
  return Object.assign(h, { socket });
}

const ins = (doc: LiveDocument, at: number, text: string) => doc.applyLocal(TextOperation.splice(doc.content.length, at, 0, text));

afterEach(() => {
  FakeSocket.all.forEach((s) => s.onclose && s.readyState !== 3 && (s.readyState = 3));
  FakeSocket.all = [];
  mock.timers.reset();
});

describe("LiveDocument protocol", () => {
  it("asks for the snapshot with a first frame that is not a resume, and takes it", async () => {
    const h = harness();
    const states: string[] = [];
    h.doc.on("state", (s) => states.push(s));
    const socket = await socketNumber(1);
    assert.match(socket.url, /^ws:\/\/test\/doc-1\?access_token=token&session=s1$/);
    assert.equal(h.doc.state, "connecting");
    socket.open();
    assert.deepEqual(socket.sent, [{ type: "presence", selection: [] }]);
    assert.throws(() => ins(h.doc, 0, "x"), /snapshot/);
    socket.receive({ type: "snapshot", revision: 3, content: "abc", clientId: "s1" });
    assert.equal(h.doc.content, "abc");
    assert.equal(h.doc.revision, 3);
    assert.equal(h.doc.clientId, "s1");
    assert.deepEqual(states, ["connected"]);
    await h.doc.whenSynchronized();
    h.doc.close();
  });

  it("keeps one operation in flight, buffers the rest, and sends the buffer on ack", async () => {
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 0, "a");
    ins(doc, 6, "b");
    ins(doc, 7, "c");
    assert.equal(doc.content, "ahellobc");
    assert.equal(doc.otState, "awaitingWithBuffer");
    assert.deepEqual(socket.sent.slice(1), [{ type: "operation", revision: 5, operation: ["a", 5], seq: 1 }]);
    const acks: number[] = [];
    doc.on("ack", (a) => acks.push(a.seq));
    socket.receive({ type: "ack", seq: 1, revision: 6 });
    assert.deepEqual(socket.sent.slice(2), [{ type: "operation", revision: 6, operation: [6, "bc"], seq: 2 }]);
    socket.receive({ type: "ack", seq: 2, revision: 7 });
    assert.deepEqual(acks, [1, 2]);
    assert.equal(doc.otState, "synchronized");
    await doc.whenSynchronized();
    doc.close();
  });

  it("applies remote operations transformed against pending ones and reports them", async () => {
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 5, "!");
    const remote: unknown[] = [];
    doc.on("remote", (r) => remote.push({ op: r.operation.toJSON(), author: r.authorId, revision: r.revision }));
    socket.receive({ type: "operation", revision: 6, operation: ["X", 5], authorId: "u2", clientId: "c2" });
    assert.equal(doc.content, "Xhello!");
    assert.deepEqual(remote, [{ op: ["X", 6], author: "u2", revision: 6 }]);
    socket.receive({ type: "operation", revision: 6, operation: ["X", 5], authorId: "u2", clientId: "c2" });
    assert.equal(doc.content, "Xhello!", "a revision already seen is ignored");
    socket.receive({ type: "ack", seq: 1, revision: 7 });
    assert.equal(doc.revision, 7);
    doc.close();
  });

  it("after an unexpected close: reconnecting, then resume and the operation in flight again with its seq", async () => {
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 0, "a");
    ins(doc, 1, "b");
    socket.receive({ type: "operation", revision: 6, operation: [5, "Z"], authorId: "u2", clientId: "c2" });
    socket.drop(1011, "cluster_unavailable");
    assert.equal(doc.state, "reconnecting");
    ins(doc, 0, "c");
    const next = await socketNumber(2);
    next.open();
    assert.deepEqual(next.sent, [
      { type: "resume", revision: 6, seq: 1 },
      { type: "operation", revision: 6, operation: ["a", 6], seq: 1 },
    ]);
    assert.equal(doc.state, "connected");
    next.receive({ type: "ack", seq: 1, revision: 7 });
    assert.deepEqual(next.sent[2], { type: "operation", revision: 7, operation: ["c", 1, "b", 6], seq: 2 });
    assert.equal(doc.content, "cabhelloZ");
    doc.close();
  });

  it("a gap in revisions reconnects at once and resumes from the last revision seen", async () => {
    const { doc, socket } = await connected("hello", 5);
    socket.receive({ type: "operation", revision: 7, operation: [5, "?"], authorId: "u2" });
    assert.equal(socket.closedWith?.code, 4000);
    assert.equal(doc.content, "hello");
    const next = await socketNumber(2);
    next.open();
    assert.deepEqual(next.sent, [{ type: "resume", revision: 5, seq: 0 }]);
    next.receive({ type: "operation", revision: 6, operation: [5, "!"], authorId: "u2" });
    next.receive({ type: "operation", revision: 7, operation: [6, "?"], authorId: "u2" });
    assert.equal(doc.content, "hello!?");
    doc.close();
  });

  it("a snapshot while edits are pending: the history in between is replayed, own operation as the ack", async () => {
    const h = await connected("hello", 5);
    const { doc, socket } = h;
    ins(doc, 5, "1");
    ins(doc, 6, "2");
    socket.drop();
    const next = await socketNumber(2);
    next.open();
    // The server applied "1" at revision 7 after someone's revision 6, and answers with a snapshot, not a resume.
    h.history = [
      { revision: 6, operation: ["X", 5], authorId: "u2", clientId: "c2", timestamp: "" },
      { revision: 7, operation: [6, "1"], authorId: "u1", clientId: "s1", timestamp: "" },
    ];
    const snapshots: unknown[] = [];
    doc.on("snapshot", (s) => snapshots.push(s));
    next.receive({ type: "snapshot", revision: 7, content: "Xhello1", clientId: "s1" });
    await eventually(() => snapshots.length === 1, "the rebased snapshot");
    assert.deepEqual(snapshots, [{ content: "Xhello12", revision: 7 }]);
    assert.equal(doc.pendingCount, 1);
    assert.deepEqual(next.sent.at(-1), { type: "operation", revision: 7, operation: [7, "2"], seq: 2 });
    doc.close();
  });

  it("a snapshot while edits are pending that the server never applied keeps them, transformed", async () => {
    const h = await connected("hello", 5);
    const { doc, socket } = h;
    ins(doc, 0, ">");
    socket.drop();
    const next = await socketNumber(2);
    next.open();
    h.history = [{ revision: 6, operation: [5, "X"], authorId: "u2", clientId: "c2", timestamp: "" }];
    next.receive({ type: "snapshot", revision: 6, content: "helloX", clientId: "s1" });
    await eventually(() => doc.revision === 6, "the rebase");
    assert.equal(doc.content, ">helloX");
    assert.equal(doc.pendingCount, 1);
    // The re-sent operation (on revision 5, seq 1) is what the server applies now; its ack completes it.
    next.receive({ type: "ack", seq: 1, revision: 7 });
    assert.equal(doc.pendingCount, 0);
    doc.close();
  });

  it("an operation of this session it no longer holds is read from the history", async () => {
    const h = await connected("hello", 5);
    h.history = [{ revision: 6, operation: ["old", 5], authorId: "u1", clientId: "s1", timestamp: "" }];
    h.socket.receive({ type: "ack", seq: 9, revision: 6 });
    await eventually(() => h.doc.revision === 6, "the fetched revision");
    assert.equal(h.doc.content, "oldhello");
    h.doc.close();
  });

  it("rate_limited: the operation is sent again after the wait the server names", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 0, "a");
    socket.receive({ type: "error", code: "rate_limited", message: "At most 1 live frames a minute; send it again in 2 s.", seq: 1 });
    assert.equal(socket.sent.length, 2);
    mock.timers.tick(1999);
    assert.equal(socket.sent.length, 2);
    mock.timers.tick(1);
    assert.deepEqual(socket.sent[2], { type: "operation", revision: 5, operation: ["a", 5], seq: 1 });
    doc.close();
  });

  it("document_deleted: deleted, closed, no reconnect", async () => {
    const { doc, socket } = await connected();
    let deleted = 0;
    doc.on("deleted", () => deleted++);
    const before = doc.whenSynchronized();
    ins(doc, 0, "x");
    const pending = doc.whenSynchronized();
    socket.receive({ type: "error", code: "document_deleted", message: "Deleted." });
    socket.drop(1000, "bye");
    await before;
    await assert.rejects(pending, /closed/);
    assert.equal(deleted, 1);
    assert.equal(doc.state, "closed");
    assert.equal(FakeSocket.all.length, 1);
    assert.throws(() => doc.connect(), /closed/);
  });

  it("closed 4003 (not a member any more, or no document): closed, no reconnect", async () => {
    const { doc, socket } = await connected();
    const errors: string[] = [];
    doc.on("error", (e) => errors.push(e.code));
    socket.drop(4003, "not_found");
    assert.equal(doc.state, "closed");
    assert.deepEqual(errors, ["not_found"]);
    assert.equal(FakeSocket.all.length, 1);
  });

  it("an upgrade refused without a word is looked into: a document that is gone stops the retries", async () => {
    const h = harness();
    h.probe = async () => {
      throw new ApiError({ status: 404, code: "not_found", detail: "No such document." });
    };
    (await socketNumber(1)).drop(1006);
    await eventually(() => h.doc.state === "closed", "closed after the probe");
    assert.equal(h.probes, 1);
    assert.equal(FakeSocket.all.length, 1);
  });

  it("an upgrade refused for a moment is retried with a fresh token", async () => {
    const h = harness();
    (await socketNumber(1)).drop(1006);
    const second = await socketNumber(2);
    assert.equal(h.probes, 1);
    second.open();
    second.receive({ type: "snapshot", revision: 0, content: "", clientId: "s1" });
    assert.equal(h.doc.state, "connected");
    h.doc.close();
  });

  it("disconnect keeps edits and stays offline until connect", async () => {
    const { doc, socket } = await connected("hi", 1);
    doc.disconnect();
    assert.equal(doc.state, "offline");
    assert.equal(socket.closedWith?.code, 1000);
    ins(doc, 2, "!");
    ins(doc, 0, "(");
    assert.equal(doc.content, "(hi!");
    assert.equal(FakeSocket.all.length, 1);
    doc.connect();
    const next = await socketNumber(2);
    next.open();
    assert.deepEqual(next.sent, [
      { type: "resume", revision: 1, seq: 1 },
      { type: "operation", revision: 1, operation: [2, "!"], seq: 1 },
    ]);
    doc.close();
  });

  it("invalid_operation for the operation in flight reloads the document and reports the lost edit", async () => {
    const { doc, socket } = await connected("hello", 5);
    const errors: string[] = [];
    doc.on("error", (e) => errors.push(e.code));
    ins(doc, 0, "a");
    socket.receive({ type: "error", code: "invalid_operation", message: "No.", seq: 1 });
    assert.deepEqual(errors, ["invalid_operation", "edits_lost"]);
    const next = await socketNumber(2);
    next.open();
    assert.deepEqual(next.sent, [{ type: "presence", selection: [] }], "a fresh start, not a resume");
    next.receive({ type: "snapshot", revision: 5, content: "hello", clientId: "s1" });
    assert.equal(doc.content, "hello");
    assert.equal(doc.pendingCount, 0);
    doc.close();
  });

  it("presence: peers are moved into the local view, and the own selection leaves in the server's coordinates", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"] });
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 0, ">>");
    socket.receive({ type: "presence", clientId: "c2", userId: "u2", displayName: "Bo", selection: [{ anchor: 1, head: 4 }] });
    assert.deepEqual(doc.peers(), [{ clientId: "c2", userId: "u2", displayName: "Bo", selection: [{ anchor: 3, head: 6 }] }]);

    doc.setSelection([{ anchor: 3, head: 7 }]);
    assert.deepEqual(socket.sent.at(-1), { type: "presence", selection: [{ anchor: 1, head: 5 }] });
    doc.setSelection([{ anchor: 2, head: 2 }]);
    doc.setSelection([{ anchor: 4, head: 4 }]);
    const frames = socket.sent.length;
    mock.timers.tick(49);
    assert.equal(socket.sent.length, frames, "throttled");
    mock.timers.tick(1);
    assert.deepEqual(socket.sent.at(-1), { type: "presence", selection: [{ anchor: 2, head: 2 }] });
    assert.equal(socket.sent.length, frames + 1, "only the latest selection");

    socket.receive({ type: "presence", clientId: "c2", userId: "u2", left: true });
    assert.deepEqual(doc.peers(), []);
    doc.close();
  });

  it("presence: a selection sent while edits were in flight is sent again once they are acknowledged", async () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"] });
    const { doc, socket } = await connected("hello", 5);
    ins(doc, 0, ">>");
    doc.setSelection([{ anchor: 2, head: 2 }]);
    assert.deepEqual(socket.sent.at(-1), { type: "presence", selection: [{ anchor: 0, head: 0 }] }, "short of the caret while in flight");
    socket.receive({ type: "ack", seq: 1, revision: 6 });
    mock.timers.tick(50);
    assert.deepEqual(socket.sent.at(-1), { type: "presence", selection: [{ anchor: 2, head: 2 }] }, "where the caret really is");
    const frames = socket.sent.length;
    mock.timers.tick(500);
    assert.equal(socket.sent.length, frames, "and nothing more once it is exact");
    doc.close();
  });

  it("forbidden: the document closes", async () => {
    const { doc, socket } = await connected();
    ins(doc, 0, "x");
    socket.receive({ type: "error", code: "forbidden", message: "Viewers cannot edit this document.", seq: 1 });
    assert.equal(doc.state, "closed");
  });
});
