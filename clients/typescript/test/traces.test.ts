import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { LiveDocument, TextOperation } from "../src/index.js";
import { needsServer, opened, signUp, tracesDirectory, until } from "./support/server.js";
import { loadTrace, replayInMemory, transactionOperation, type TraceTransaction } from "./support/traces.js";

/**
 * How much of each trace to replay: PA_TRACE_TRANSACTIONS=N for the first N transactions, `all` for everything.
 * The default is a prefix: the whole of both traces takes about 95 s on the 2-core build machine (the server's
 * fan-out latency per send dominates), past the minute a CI run should spend here.
 */
const DefaultPrefix = 10_000;
const setting = process.env.PA_TRACE_TRANSACTIONS?.trim();
const limit = setting === "all" ? Infinity : Number(setting) > 0 ? Number(setting) : DefaultPrefix;

/**
 * One agent of a trace: a LiveDocument, and the agent's own transactions not yet sent, held as an editor holds
 * unsaved changes. A transaction is sent only once another agent's next transaction has seen it, so what each
 * client has received is exactly the other agents' part of the state the trace says it typed on. Held edits are
 * transformed against every remote operation the library delivers, as the library transforms its own pending ones.
 */
class Agent {
  readonly held: TextOperation[] = [];
  view: string;
  sends = 0;

  constructor(readonly doc: LiveDocument) {
    this.view = doc.content;
    doc.on("remote", ({ operation }) => {
      let op = operation;
      for (let i = 0; i < this.held.length; i++) {
        [this.held[i], op] = TextOperation.transform(this.held[i]!, op);
      }

      this.view = op.apply(this.view);
    });
  }

  type(patches: TraceTransaction["patches"]): void {
    const op = transactionOperation(this.view, patches);
    this.held.push(op);
    this.view = op.apply(this.view);
  }

  /** Sends the first `count` held transactions as one operation and waits for its ack. */
  async flush(count: number): Promise<void> {
    const op = this.held.slice(1, count).reduce((all, next) => all.compose(next), this.held[0]!);
    this.held.splice(0, count);
    this.doc.applyLocal(op);
    this.sends++;
    await this.doc.whenSynchronized();
  }
}

describe("concurrent editing traces through the live socket", needsServer, () => {
  for (const name of ["concurrent-friendsforever", "concurrent-clownschool"]) {
    it(`${name}: one client per agent, each typing on the state it saw, ends where the trace does, everywhere`, { timeout: 300_000 }, async (t) => {
      const trace = loadTrace(tracesDirectory(), name);
      const transactions = trace.transactions.slice(0, limit);
      const owner = await signUp("trace");
      const { projectId } = await owner.client.projects.create(`trace ${name}`);
      const { documentId } = await owner.client.projects.createDocument(projectId, `${name}.txt`, "");
      const docs = await Promise.all(Array.from({ length: trace.agents }, () => opened(owner.client.live(documentId))));
      const errors: string[] = [];
      docs.forEach((doc) => doc.on("error", (e) => errors.push(`${e.code}: ${e.message}`)));
      const agents = docs.map((doc) => new Agent(doc));
      const started = performance.now();
      try {
        const sent = new Array<number>(trace.agents).fill(0);
        let concurrentTyping = 0;
        for (const txn of transactions) {
          const typist = agents[txn.agent]!;
          const flushes: Promise<void>[] = [];
          for (let other = 0; other < trace.agents; other++) {
            if (other !== txn.agent && sent[other]! < txn.seen[other]!) {
              flushes.push(agents[other]!.flush(txn.seen[other]! - sent[other]!));
              sent[other] = txn.seen[other]!;
            }
          }

          await Promise.all(flushes);
          const head = Math.max(...docs.map((d) => d.revision));
          await until([typist.doc], () => typist.doc.revision >= head, `agent ${txn.agent} to receive revision ${head}`);
          concurrentTyping += typist.held.length > 0 && flushes.length > 0 ? 1 : 0;
          typist.type(txn.patches);
        }

        // Everyone sends the rest, together.
        await Promise.all(agents.filter((a) => a.held.length > 0).map((a) => a.flush(a.held.length)));
        await Promise.all(docs.map((d) => d.whenSynchronized()));
        const server = await owner.client.documents.get(documentId);
        await until(docs, () => docs.every((d) => d.revision >= server.revision), `every agent at revision ${server.revision}`);
        const seconds = (performance.now() - started) / 1000;
        const patches = transactions.reduce((n, txn) => n + txn.patches.length, 0);
        const sends = agents.reduce((n, a) => n + a.sends, 0);
        t.diagnostic(
          `${name}: ${transactions.length} transactions, ${patches} patches, ${trace.agents} agents, ${sends} operations sent, ` +
            `revision ${server.revision}, ${concurrentTyping} typed while holding edits, ${seconds.toFixed(1)} s`,
        );

        assert.deepEqual(errors, []);
        for (const doc of docs) {
          assert.equal(doc.content, server.content, `agent ${docs.indexOf(doc)} diverged from the server`);
        }

        agents.forEach((a) => assert.equal(a.view, a.doc.content));
        assert.ok(concurrentTyping > 100, `only ${concurrentTyping} transactions met remote edits while their typist held edits`);
        if (transactions.length === trace.transactions.length) {
          assert.equal(server.content, trace.endContent);
        } else {
          // A prefix has no endContent: the same schedule replayed in memory says where it must end.
          assert.equal(server.content, replayInMemory(trace, transactions));
          t.diagnostic(`a prefix of ${transactions.length} of ${trace.transactions.length} transactions (PA_TRACE_TRANSACTIONS=all for the whole trace)`);
        }
      } finally {
        docs.forEach((doc) => doc.close());
      }
    });
  }
});
