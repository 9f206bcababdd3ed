import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { TextOperation } from "../../src/index.js";

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
