import { Annotation, EditorSelection, Transaction, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { LiveDocument, Peer } from "@powerautomation/client";
import { changesFromOperation, operationFromChanges } from "./operations";
import { setPeers } from "./remoteCursors";

/** Marks transactions that came from the server, so they are not sent back. */
const fromServer = Annotation.define<boolean>();

/**
 * Keeps a CodeMirror view and a live document the same text: local edits become operations sent through the
 * live document; remote operations (already transformed by its OT client) become CodeMirror changes that the
 * local undo history skips. Selections go out as presence; collaborators' selections come back as decorations.
 */
export function liveBinding(live: LiveDocument): Extension {
  return EditorView.updateListener.of((update) => {
    if (update.transactions.some((tr) => tr.annotation(fromServer))) return;
    if (update.docChanged) live.applyLocal(operationFromChanges(update.changes, update.startState.doc.length));
    if (update.docChanged || update.selectionSet) {
      live.setSelection(update.state.selection.ranges.map((r) => ({ anchor: r.anchor, head: r.head })));
    }
  });
}

/** Subscribes the view to the live document's events; returns the unsubscribe. */
export function connectView(view: EditorView, live: LiveDocument): () => void {
  const showPeers = (peers: Peer[]) => view.dispatch({ effects: setPeers.of(peers), annotations: fromServer.of(true) });
  const offs = [
    live.on("snapshot", () => {
      const selection = view.state.selection.main;
      const length = live.content.length;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: live.content },
        selection: EditorSelection.cursor(Math.min(selection.head, length)),
        annotations: [fromServer.of(true), Transaction.addToHistory.of(false), Transaction.remote.of(true)],
      });
      showPeers(live.peers());
    }),
    live.on("remote", ({ operation }) => {
      view.dispatch({
        changes: changesFromOperation(operation),
        annotations: [fromServer.of(true), Transaction.addToHistory.of(false), Transaction.remote.of(true)],
      });
    }),
    live.on("presence", showPeers),
  ];
  return () => offs.forEach((off) => off());
}
