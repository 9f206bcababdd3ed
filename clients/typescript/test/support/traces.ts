import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { OtClient, TextOperation } from "../../src/index.js";

/** One transaction of a concurrent trace: who typed it, what they had seen, and the edits. */
export interface TraceTransaction {
  agent: number;
  /** For each agent, how many of that agent's transactions the typed-on state includes. */
  seen: number[];
  patches: [position: number, deleteCount: number, insert: string][];
}

export interface ConcurrentTrace {
  agents: number;
  endContent: string;
  transactions: TraceTransaction[];
}

/**
 * A concurrent editing trace (josephg/editing-traces, the format of its README): each agent's transactions form
 * a chain, so the state a transaction was typed on is a vector of per-agent counts (as tests/Tests/Documents/
 * ConcurrentTrace.cs reads it).
 */
export function loadTrace(directory: string, name: string): ConcurrentTrace {
  const root = JSON.parse(gunzipSync(readFileSync(join(directory, `${name}.json.gz`))).toString("utf8")) as {
    numAgents: number;
    endContent: string;
    txns: { agent: number; parents: number[]; patches: [number, number, string][] }[];
  };
  const transactions: TraceTransaction[] = [];
  const typed = new Array<number>(root.numAgents).fill(0);
  for (const txn of root.txns) {
    const seen = new Array<number>(root.numAgents).fill(0);
    for (const parent of txn.parents.map((p) => transactions[p]!)) {
      for (let other = 0; other < root.numAgents; other++) {
        seen[other] = Math.max(seen[other]!, parent.seen[other]!);
      }

      // The parent itself is seen too: it is its agent's (parent.seen[its agent] + 1)th transaction.
      seen[parent.agent] = Math.max(seen[parent.agent]!, parent.seen[parent.agent]! + 1);
    }

    if (seen[txn.agent] !== typed[txn.agent]) {
      throw new Error(`${name}: agent ${txn.agent}'s transaction ${transactions.length} does not follow its own previous one`);
    }

    typed[txn.agent]!++;
    transactions.push({ agent: txn.agent, seen, patches: txn.patches });
  }

  return { agents: root.numAgents, endContent: root.endContent, transactions };
}

/** A transaction's patches, applied in order, as one operation on the text they were typed on. */
export function transactionOperation(text: string, patches: TraceTransaction["patches"]): TextOperation {
  let edit: TextOperation | null = null;
  for (const [position, remove, insert] of patches) {
    const splice = TextOperation.splice(text.length, position, remove, insert);
    text = splice.apply(text);
    edit = edit ? edit.compose(splice) : splice;
  }

  return edit ?? TextOperation.identity(text.length);
}

/**
 * The replay schedule of traces.test.ts without a network: an in-memory server (incoming operation first against
 * everything since its base revision, as API.md says) and one OtClient per agent, each agent holding its
 * transactions until another agent's next transaction has seen them. Returns the server's final text: for the whole
 * trace it must be `endContent`; for a prefix it is what the live replay of that prefix must end at.
 */
export function replayInMemory(trace: ConcurrentTrace, transactions: TraceTransaction[]): string {
  const log: TextOperation[] = [];
  let text = "";
  const agents = Array.from({ length: trace.agents }, () => ({
    ot: new OtClient(0),
    content: "",
    view: "",
    held: [] as TextOperation[],
    delivered: 0,
    own: new Set<number>(),
  }));
  type Agent = (typeof agents)[number];
  const submit = (agent: Agent, count: number) => {
    const op = agent.held.slice(1, count).reduce((all, next) => all.compose(next), agent.held[0]!);
    agent.held.splice(0, count);
    agent.content = op.apply(agent.content);
    const send = agent.ot.applyClient(op)!;
    let applied = send;
    for (const concurrent of log.slice(agent.ot.revision)) {
      applied = TextOperation.transform(applied, concurrent)[0];
    }

    text = applied.apply(text);
    log.push(applied);
    agent.own.add(log.length);
  };
  const deliver = (agent: Agent) => {
    for (; agent.delivered < log.length; agent.delivered++) {
      if (agent.own.has(agent.delivered + 1)) {
        agent.ot.serverAck();
        continue;
      }

      let op = agent.ot.applyServer(log[agent.delivered]!);
      agent.content = op.apply(agent.content);
      for (let i = 0; i < agent.held.length; i++) {
        [agent.held[i], op] = TextOperation.transform(agent.held[i]!, op);
      }

      agent.view = op.apply(agent.view);
    }
  };

  const sent = new Array<number>(trace.agents).fill(0);
  for (const txn of transactions) {
    for (let other = 0; other < trace.agents; other++) {
      if (other !== txn.agent && sent[other]! < txn.seen[other]!) {
        submit(agents[other]!, txn.seen[other]! - sent[other]!);
        deliver(agents[other]!);
        sent[other] = txn.seen[other]!;
      }
    }

    const typist = agents[txn.agent]!;
    deliver(typist);
    const op = transactionOperation(typist.view, txn.patches);
    typist.held.push(op);
    typist.view = op.apply(typist.view);
  }

  const rest = agents.filter((a) => a.held.length > 0);
  rest.forEach((a) => submit(a, a.held.length));
  agents.forEach(deliver);
  for (const agent of agents) {
    if (agent.content !== text || agent.view !== text) {
      throw new Error(`agent ${agents.indexOf(agent)} diverged in the in-memory replay`);
    }
  }

  return text;
}
