import { RangeSetBuilder, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";

export interface RemotePeer { clientId: string; displayName: string; selection: { anchor: number; head: number }[]; }

/** Replaces the shown collaborators; between updates their marks move with every edit. */
export const setPeers = StateEffect.define<RemotePeer[]>();

const palette = ["#d9480f", "#1971c2", "#2f9e44", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c", "#5f3dc4"];

export function colorFor(clientId: string): string {
  let hash = 0;
  for (let i = 0; i < clientId.length; i++) hash = (hash * 31 + clientId.charCodeAt(i)) | 0;
  return palette[Math.abs(hash) % palette.length];
}

class CursorWidget extends WidgetType {
  constructor(readonly name: string, readonly color: string) { super(); }
  eq(other: CursorWidget): boolean { return other.name === this.name && other.color === this.color; }
  toDOM(): HTMLElement {
    const caret = document.createElement("span");
    caret.className = "cm-remote-caret";
    caret.style.borderColor = this.color;
    const label = document.createElement("span");
    label.className = "cm-remote-label";
    label.style.backgroundColor = this.color;
    // The name is drawn by CSS (attr()), so it never joins the document's text when the page is read or copied.
    label.dataset.name = this.name;
    caret.append(label);
    caret.setAttribute("aria-label", `${this.name}'s cursor`);
    return caret;
  }
  ignoreEvent(): boolean { return true; }
}

function decorate(peers: RemotePeer[], length: number): DecorationSet {
  const ranges: { from: number; to: number; value: Decoration }[] = [];
  for (const peer of peers) {
    const color = colorFor(peer.clientId);
    for (const range of peer.selection) {
      const anchor = Math.max(0, Math.min(length, range.anchor));
      const head = Math.max(0, Math.min(length, range.head));
      const from = Math.min(anchor, head), to = Math.max(anchor, head);
      if (to > from) {
        ranges.push({ from, to, value: Decoration.mark({ class: "cm-remote-selection", attributes: { style: `background-color: ${color}33` } }) });
      }
      ranges.push({ from: head, to: head, value: Decoration.widget({ widget: new CursorWidget(peer.displayName || "Someone", color), side: 1 }) });
    }
  }
  ranges.sort((a, b) => a.from - b.from || (a.value.startSide - b.value.startSide));
  const builder = new RangeSetBuilder<Decoration>();
  for (const r of ranges) builder.add(r.from, r.to, r.value);
  return builder.finish();
}

/** Collaborators' cursors (a caret with their name) and selections (a tinted mark). */
export function remoteCursors(): Extension {
  return StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(value, tr) {
      for (const effect of tr.effects) if (effect.is(setPeers)) return decorate(effect.value, tr.state.doc.length);
      return tr.docChanged ? value.map(tr.changes) : value;
    },
    provide: (field) => EditorView.decorations.from(field),
  });
}
