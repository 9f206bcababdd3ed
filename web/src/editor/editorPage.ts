import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import type { LiveDocument, Peer } from "@powerautomation/client";
import { errorBox } from "../app/errors";
import { h, mount } from "../app/dom";
import { client, editorSession } from "../app/session";
import { renderAiPanel } from "./aiPanel";
import { connectView, liveBinding } from "./binding";
import { renderHistoryPanel } from "./historyPanel";
import { languageFor } from "./languages";
import { colorFor, remoteCursors } from "./remoteCursors";

const quietCodes = new Set(["rate_limited", "document_deleted"]);

interface DocumentInfo { documentId: string; projectId: string; path: string; content: string; revision: number; }

/** The collaborative editor: CodeMirror bound to a live document, with presence, connection state, AI and history. */
export async function renderEditor(main: HTMLElement, { documentId }: Record<string, string>): Promise<() => void> {
  const error = errorBox();
  mount(main, h("p", { class: "muted" }, "Opening…"), error.element);
  let info: DocumentInfo;
  let role = "viewer";
  try {
    info = await client.documents.get(documentId) as DocumentInfo;
    role = ((await client.projects.get(info.projectId)) as { role: string }).role;
  } catch (e) {
    mount(main, h("h1", {}, "This file cannot be opened"), error.element);
    error.show(e);
    return () => {};
  }
  document.title = `${info.path} · ClaudeEditor`;
  const readOnly = role === "viewer";
  const language = languageFor(info.path);
  const live = client.live(documentId, { session: editorSession(documentId) });

  const status = h("span", { class: "connection", role: "status", "aria-live": "polite", "data-testid": "connection" });
  const peersList = h("span", { class: "peers", "aria-label": "Collaborators here" });
  const banner = h("p", { class: "error", role: "alert", hidden: true });
  const surface = h("div", { class: "editor-surface" });
  const side = h("aside", { class: "side" });
  mount(main,
    h("div", { class: "editor-head" },
      h("a", { href: `/projects/${info.projectId}` }, "← Files"),
      h("h1", { class: "path" }, info.path),
      h("span", { class: "badge" }, language.name), readOnly ? h("span", { class: "badge" }, "read only") : null,
      h("span", { class: "spacer" }), peersList, status),
    banner, error.element,
    h("div", { class: "editor-layout" }, surface, side));

  const updateStatus = () => {
    const pending = live.pendingCount;
    const edits = `${pending} edit${pending === 1 ? "" : "s"} pending`;
    const text = {
      connecting: "Connecting…",
      connected: pending ? "Connected · saving…" : "Connected",
      reconnecting: `Reconnecting…${pending ? ` · ${edits}` : ""}`,
      offline: `Offline${pending ? ` · ${edits}` : ""}`,
      closed: "Disconnected",
    }[live.state] ?? live.state;
    status.textContent = text;
    status.dataset.state = live.state;
    status.dataset.pending = String(pending);
  };
  const showPeers = (peers: Peer[]) => mount(peersList, peers.map((p) =>
    h("span", { class: "peer", style: `border-color: ${colorFor(p.clientId)}` }, p.displayName || "Someone")));

  const offs: (() => void)[] = [
    live.on("state", updateStatus), live.on("ack", updateStatus), live.on("synchronized", updateStatus),
    live.on("presence", showPeers),
    // Deletion and removal have their own banner; a rate-limited operation is simply sent again by the library.
    live.on("error", ({ code, message }) => { if (!quietCodes.has(code)) error.show(new Error(message || code)); }),
  ];
  // The browser's own idea of the network: go offline at once instead of waiting for the socket to time out.
  const goOffline = () => live.disconnect();
  const goOnline = () => live.connect();
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);
  updateStatus();

  const editing = new Compartment();
  const lockedEditing = [EditorState.readOnly.of(true), EditorView.editable.of(false)];
  let view: EditorView | null = null;
  const cleanup = () => {
    offs.forEach((off) => off());
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    live.close();
    view?.destroy();
  };

  const deleted = new Promise<void>((resolve) => offs.push(live.on("deleted", () => resolve())));
  void deleted.then(() => {
    banner.textContent = "This file was deleted by a collaborator. Your copy is read only; copy anything you need.";
    banner.hidden = false;
    view?.dispatch({ effects: editing.reconfigure(lockedEditing) });
    updateStatus();
  });

  try {
    await firstSnapshot(live);
  } catch (e) {
    error.show(e);
    return cleanup;
  }
  view = new EditorView({
    parent: surface,
    state: EditorState.create({
      doc: live.content,
      extensions: [
        EditorState.lineSeparator.of("\n"), // offsets count every UTF-16 unit, "\r" included, as the server does
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(), indentOnInput(),
        bracketMatching(), highlightSelectionMatches(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
        language.extension, remoteCursors(), liveBinding(live),
        EditorView.updateListener.of((update) => { if (update.docChanged) updateStatus(); }), // pending count
        editing.of(readOnly ? lockedEditing : []),
        EditorView.contentAttributes.of({ "aria-label": `Contents of ${info.path}` }),
        EditorView.lineWrapping,
      ],
    }),
  });
  offs.push(connectView(view, live));
  showPeers(live.peers());
  updateStatus();
  const editorView = view;
  renderAiPanel(side, editorView, readOnly, { documentId, path: info.path, revision: () => live.revision });
  renderHistoryPanel(side, documentId, () => live.revision, editorSession(documentId));
  if (!readOnly) editorView.focus();
  return cleanup;
}

function firstSnapshot(live: LiveDocument): Promise<void> {
  return new Promise((resolve, reject) => {
    if (live.state === "connected") return resolve();
    const offSnapshot = live.on("snapshot", () => { offSnapshot(); offError(); resolve(); });
    const offError = live.on("error", (e) => { offSnapshot(); offError(); reject(new Error(e.message || e.code)); });
  });
}
