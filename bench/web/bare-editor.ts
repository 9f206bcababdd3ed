// The peer for the editor benchmark: the same CodeMirror 6 set-up with no live binding, presence or panels.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { javascript } from "@codemirror/lang-javascript";

declare global { interface Window { openBare(text: string): number; } }

window.openBare = (text: string) => {
  const started = performance.now();
  new EditorView({
    parent: document.getElementById("editor")!,
    state: EditorState.create({
      doc: text,
      extensions: [EditorState.lineSeparator.of("\n"), lineNumbers(), highlightActiveLine(), drawSelection(), history(),
        bracketMatching(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), keymap.of([...defaultKeymap, ...historyKeymap]),
        javascript(), EditorView.lineWrapping],
    }),
  });
  return performance.now() - started;
};
