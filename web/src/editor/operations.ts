import type { ChangeSet, ChangeSpec } from "@codemirror/state";
import { TextOperation } from "@powerautomation/client";

/** A CodeMirror change set as the server's operation over a document of `length` UTF-16 units. */
export function operationFromChanges(changes: ChangeSet, length: number): TextOperation {
  const op = new TextOperation();
  let position = 0;
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    if (fromA > position) op.retain(fromA - position);
    if (toA > fromA) op.delete(toA - fromA);
    const text = inserted.toString();
    if (text.length > 0) op.insert(text);
    position = toA;
  });
  if (length > position) op.retain(length - position);
  return op;
}

/** A server operation as CodeMirror changes, all positions relative to the document it applies to. */
export function changesFromOperation(operation: TextOperation): ChangeSpec[] {
  const changes: ChangeSpec[] = [];
  let position = 0;
  for (const component of operation.toJSON()) {
    if (typeof component === "string") changes.push({ from: position, insert: component });
    else if (component > 0) position += component;
    else {
      changes.push({ from: position, to: position - component });
      position -= component;
    }
  }
  return changes;
}
