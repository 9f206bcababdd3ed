import { transformSelection, type SelectionRange } from "../ot/selection.js";
import type { TextOperation } from "../ot/text-operation.js";

/** Someone else connected to the document, with their selection in this client's local view. */
export interface Peer {
  clientId: string;
  userId: string;
  displayName: string;
  selection: SelectionRange[];
}

/**
 * The other clients' presence, kept in local-view coordinates: a presence frame is at the server's revision, so it
 * is moved through this client's unacknowledged operations; afterwards every operation applied locally (local or
 * remote) moves it. A peer's caret follows that peer's own typing, and stays put for everyone else's.
 */
export class PeerSet {
  private readonly peers = new Map<string, Peer>();

  get size(): number {
    return this.peers.size;
  }

  list(): Peer[] {
    return [...this.peers.values()].map((p) => ({ ...p, selection: p.selection.map((r) => ({ ...r })) }));
  }

  /** A presence frame; `pending` are the local operations the server has not applied yet, oldest first. */
  update(peer: Peer, pending: readonly TextOperation[], length: number): void {
    let selection = peer.selection;
    for (const op of pending) {
      selection = transformSelection(selection, op);
    }

    this.peers.set(key(peer.userId, peer.clientId), {
      ...peer,
      selection: selection.map((r) => ({ anchor: clamp(r.anchor, length), head: clamp(r.head, length) })),
    });
  }

  /** A leave; client ids are only unique per user, so the user narrows it when the server names one. */
  leave(clientId: string, userId?: string): boolean {
    if (userId !== undefined) {
      return this.peers.delete(key(userId, clientId));
    }

    let removed = false;
    for (const [k, p] of this.peers) {
      if (p.clientId === clientId) {
        this.peers.delete(k);
        removed = true;
      }
    }

    return removed;
  }

  /** Moves every selection through an operation applied to the local view, typed by `author` (if known). */
  transform(op: TextOperation, author?: { userId?: string | null; clientId?: string | null }): void {
    for (const [k, p] of this.peers) {
      const own = author !== undefined && author.clientId === p.clientId && author.userId === p.userId;
      this.peers.set(k, { ...p, selection: transformSelection(p.selection, op, own) });
    }
  }

  clear(): boolean {
    const had = this.peers.size > 0;
    this.peers.clear();
    return had;
  }
}

const key = (userId: string, clientId: string) => `${userId}\n${clientId}`;

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(Math.trunc(value), max));
}
