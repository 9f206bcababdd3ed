import type { TextOperation } from "./text-operation.js";

/** A selection range in UTF-16 units: `anchor` where it started, `head` where the caret is. */
export interface SelectionRange {
  anchor: number;
  head: number;
}

/**
 * Where a position in the operation's base document ends up after it. Inserts before the position push it right,
 * deletes before it pull it left (a position inside deleted text lands where the deletion was). An insert exactly
 * at the position pushes it only when `isOwn`: the position belongs to whoever typed it (their caret follows their
 * own typing; everyone else's stays put). With `isOwn` this is the server's `TextOperation.TransformIndex`.
 */
export function transformIndex(index: number, op: TextOperation, isOwn = false): number {
  let newIndex = index;
  let position = 0;
  for (const c of op.ops) {
    if (position > index) {
      break;
    }

    if (typeof c === "string") {
      if (position < index || isOwn) {
        newIndex += c.length;
      }
    } else if (c > 0) {
      position += c;
    } else {
      newIndex -= Math.min(index - position, -c);
      position -= c;
    }
  }

  return newIndex;
}

/** Every range of a selection moved through `op` (see {@link transformIndex}); positions are clamped to its base. */
export function transformSelection(selection: readonly SelectionRange[], op: TextOperation, isOwn = false): SelectionRange[] {
  return selection.map((range) => ({
    anchor: transformIndex(clamp(range.anchor, op.baseLength), op, isOwn),
    head: transformIndex(clamp(range.head, op.baseLength), op, isOwn),
  }));
}

/**
 * The reverse mapping: a position in the operation's target document back to its base document. Inserted text
 * maps to where it was inserted. Used to express a local selection in the server's coordinates while local edits
 * are still unacknowledged.
 */
export function untransformIndex(index: number, op: TextOperation): number {
  let base = 0;
  let target = 0;
  for (const c of op.ops) {
    if (typeof c === "string") {
      if (index < target + c.length) {
        return base;
      }

      target += c.length;
    } else if (c > 0) {
      if (index <= target + c) {
        return base + (index - target);
      }

      base += c;
      target += c;
    } else {
      if (index <= target) {
        // At the edge of deleted text: before it, as retains answer.
        return base;
      }

      base -= c;
    }
  }

  return base + Math.max(0, index - target);
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}
