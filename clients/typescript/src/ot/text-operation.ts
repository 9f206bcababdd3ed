/**
 * A text edit in the style of ot.js `TextOperation`, matching the server's C# `TextOperation` exactly: a sequence
 * of components (a positive integer retains, a string inserts, a negative integer deletes) spanning the whole
 * document it applies to. Always normalised the way the server normalises: no empty components, no two adjacent
 * of one kind, and an insert never directly after a delete (so equal edits have equal components). Lengths count
 * UTF-16 code units, as JavaScript strings do.
 */

/** The wire form of API.md: `[retain, "insert", -delete, …]`. */
export type Operation = (number | string)[];

/** An operation that cannot apply: malformed, the wrong length for its document, or splitting a surrogate pair. */
export class OperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OperationError";
  }
}

/** The server's bound: lengths are C# `int`s, so an operation spans at most 2^31 - 1 units. */
const MaxLength = 2_147_483_647;

const isRetain = (c: number | string | undefined): c is number => typeof c === "number" && c > 0;
const isInsert = (c: number | string | undefined): c is string => typeof c === "string";
const isDelete = (c: number | string | undefined): c is number => typeof c === "number" && c < 0;

export class TextOperation {
  /** The normalised components; read them, build with retain/insert/delete. */
  readonly ops: (number | string)[] = [];

  /** Length of the document this operation applies to. */
  baseLength = 0;

  /** Length of the document it produces. */
  targetLength = 0;

  retain(length: number): this {
    checkCount(length, "Retain");
    if (length === 0) {
      return this;
    }

    this.baseLength = sum(this.baseLength, length);
    this.targetLength = sum(this.targetLength, length);
    const last = this.ops.length - 1;
    if (isRetain(this.ops[last])) {
      this.ops[last] = (this.ops[last] as number) + length;
    } else {
      this.ops.push(length);
    }

    return this;
  }

  insert(text: string): this {
    if (typeof text !== "string") {
      throw new OperationError("Inserted text must be a string.");
    }

    if (text.length === 0) {
      return this;
    }

    this.targetLength = sum(this.targetLength, text.length);
    const ops = this.ops;
    const count = ops.length;
    if (isInsert(ops[count - 1])) {
      ops[count - 1] = (ops[count - 1] as string) + text;
    } else if (isDelete(ops[count - 1])) {
      // Insert and delete at one place commute; keeping inserts first makes equal edits equal.
      if (isInsert(ops[count - 2])) {
        ops[count - 2] = (ops[count - 2] as string) + text;
      } else {
        ops.splice(count - 1, 0, text);
      }
    } else {
      ops.push(text);
    }

    return this;
  }

  /** Deletes `length` units (a positive count; a string deletes its length, as in ot.js). */
  delete(length: number | string): this {
    const count = typeof length === "string" ? length.length : length;
    checkCount(count, "Delete");
    if (count === 0) {
      return this;
    }

    this.baseLength = sum(this.baseLength, count);
    const last = this.ops.length - 1;
    if (isDelete(this.ops[last])) {
      this.ops[last] = (this.ops[last] as number) - count;
    } else {
      this.ops.push(-count);
    }

    return this;
  }

  /** True when applying changes nothing (only retains). */
  isNoop(): boolean {
    return this.ops.every(isRetain);
  }

  /** The operation that keeps a document of `length` units as it is. */
  static identity(length: number): TextOperation {
    return new TextOperation().retain(length);
  }

  /** One patch: at `position` delete `deleteCount` units, then insert `text`, on a document of `length` units. */
  static splice(length: number, position: number, deleteCount: number, text = ""): TextOperation {
    if (position < 0 || deleteCount < 0 || position + deleteCount > length) {
      throw new OperationError(`Splice at ${position} deleting ${deleteCount} does not fit a document of ${length}.`);
    }

    return new TextOperation().retain(position).insert(text).delete(deleteCount).retain(length - position - deleteCount);
  }

  apply(document: string): string {
    if (document.length !== this.baseLength) {
      throw new OperationError(`The operation spans ${this.baseLength} units but the document has ${document.length}.`);
    }

    const parts: string[] = [];
    let position = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        parts.push(document.slice(position, position + c));
        position += c;
      } else if (isInsert(c)) {
        parts.push(c);
      } else {
        position -= c;
      }
    }

    return parts.join("");
  }

  /** The operation that undoes this one on `document`, the text it applies to. */
  invert(document: string): TextOperation {
    if (document.length !== this.baseLength) {
      throw new OperationError(`The operation spans ${this.baseLength} units but the document has ${document.length}.`);
    }

    const inverse = new TextOperation();
    let position = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        inverse.retain(c);
        position += c;
      } else if (isInsert(c)) {
        inverse.delete(c.length);
      } else {
        inverse.insert(document.slice(position, position - c));
        position -= c;
      }
    }

    return inverse;
  }

  /** One operation with the effect of this one, then `second`. */
  compose(second: TextOperation): TextOperation {
    if (this.targetLength !== second.baseLength) {
      throw new OperationError(
        `Cannot compose: the first yields ${this.targetLength} units, the second spans ${second.baseLength}.`,
      );
    }

    const result = new TextOperation();
    const a = new Cursor(this.ops);
    const b = new Cursor(second.ops);
    while (a.hasCurrent || b.hasCurrent) {
      if (a.hasCurrent && a.kind === Kind.Delete) {
        result.delete(a.remaining);
        a.next();
        continue;
      }

      if (b.hasCurrent && b.kind === Kind.Insert) {
        result.insert(b.text());
        b.next();
        continue;
      }

      if (!a.hasCurrent || !b.hasCurrent) {
        throw new OperationError("Cannot compose: the operations do not line up.");
      }

      const length = Math.min(a.remaining, b.remaining);
      if (a.kind === Kind.Retain && b.kind === Kind.Retain) {
        result.retain(length);
      } else if (a.kind === Kind.Retain && b.kind === Kind.Delete) {
        result.delete(length);
      } else if (a.kind === Kind.Insert && b.kind === Kind.Retain) {
        result.insert(a.take(length));
      }
      // Otherwise an insert then a delete of the same text: nothing remains.

      a.advance(length);
      b.advance(length);
    }

    return result;
  }

  /**
   * TP1 transform of two operations on the same document: `apply(apply(d, a), b') === apply(apply(d, b), a')`.
   * At one position the insert of `a` goes first (ot.js ties, as the server's transform).
   */
  static transform(a: TextOperation, b: TextOperation): [TextOperation, TextOperation] {
    if (a.baseLength !== b.baseLength) {
      throw new OperationError(`Cannot transform operations spanning ${a.baseLength} and ${b.baseLength} units.`);
    }

    const aPrime = new TextOperation();
    const bPrime = new TextOperation();
    const x = new Cursor(a.ops);
    const y = new Cursor(b.ops);
    while (x.hasCurrent || y.hasCurrent) {
      if (x.hasCurrent && x.kind === Kind.Insert) {
        const text = x.text();
        aPrime.insert(text);
        bPrime.retain(text.length);
        x.next();
        continue;
      }

      if (y.hasCurrent && y.kind === Kind.Insert) {
        const text = y.text();
        aPrime.retain(text.length);
        bPrime.insert(text);
        y.next();
        continue;
      }

      if (!x.hasCurrent || !y.hasCurrent) {
        throw new OperationError("Cannot transform: the operations do not line up.");
      }

      const length = Math.min(x.remaining, y.remaining);
      if (x.kind === Kind.Retain && y.kind === Kind.Retain) {
        aPrime.retain(length);
        bPrime.retain(length);
      } else if (x.kind === Kind.Delete && y.kind === Kind.Retain) {
        aPrime.delete(length);
      } else if (x.kind === Kind.Retain && y.kind === Kind.Delete) {
        bPrime.delete(length);
      }
      // Both deleting the same text: it is gone either way.

      x.advance(length);
      y.advance(length);
    }

    return [aPrime, bPrime];
  }

  /**
   * Checks the operation against the document it is meant for, as the server does before applying: matching
   * length, no component boundary between the halves of a surrogate pair, and inserted text that is well-formed
   * UTF-16 without U+0000. Throws {@link OperationError}.
   */
  validate(document: string): void {
    if (document.length !== this.baseLength) {
      throw new OperationError(`The operation spans ${this.baseLength} units but the document has ${document.length}.`);
    }

    let position = 0;
    for (const c of this.ops) {
      if (splitsPair(document, position)) {
        throw new OperationError(`The operation splits a surrogate pair at ${position}.`);
      }

      if (isInsert(c)) {
        checkInsertedText(c);
      } else {
        position += Math.abs(c);
      }
    }

    if (splitsPair(document, position)) {
      throw new OperationError(`The operation splits a surrogate pair at ${position}.`);
    }
  }

  equals(other: TextOperation): boolean {
    return (
      this.baseLength === other.baseLength &&
      this.targetLength === other.targetLength &&
      this.ops.length === other.ops.length &&
      this.ops.every((c, i) => c === other.ops[i])
    );
  }

  /** The wire form: a fresh array of the components. */
  toJSON(): Operation {
    return [...this.ops];
  }

  toString(): string {
    return JSON.stringify(this.ops);
  }

  /**
   * Reads the wire form as the server does: normalising, and refusing what it refuses (zero, fractions, numbers
   * outside 32-bit range, empty strings, other types, lone surrogates and U+0000 in inserted text).
   */
  static fromJSON(operation: unknown): TextOperation {
    if (!Array.isArray(operation)) {
      throw new OperationError("An operation is a JSON array.");
    }

    const result = new TextOperation();
    for (const c of operation) {
      if (typeof c === "number" && Number.isInteger(c) && c !== 0 && c >= -MaxLength && c <= MaxLength) {
        if (c > 0) {
          result.retain(c);
        } else {
          result.delete(-c);
        }
      } else if (typeof c === "string" && c.length > 0) {
        checkInsertedText(c);
        result.insert(c);
      } else {
        throw new OperationError(`Component ${JSON.stringify(c)} is neither a non-zero integer nor a non-empty string.`);
      }
    }

    return result;
  }
}

/** Text a document may hold: well-formed UTF-16, and no U+0000 (PostgreSQL's text cannot store it). */
export function checkInsertedText(text: string): void {
  if (!isWellFormed(text)) {
    throw new OperationError("Inserted text contains a lone surrogate.");
  }

  if (text.includes("\0")) {
    throw new OperationError("Inserted text contains U+0000.");
  }
}

function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        return false;
      }

      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }

  return true;
}

function splitsPair(document: string, position: number): boolean {
  if (position <= 0 || position >= document.length) {
    return false;
  }

  const before = document.charCodeAt(position - 1);
  const after = document.charCodeAt(position);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function checkCount(length: number, what: string): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new OperationError(`${what} lengths are non-negative integers, not ${length}.`);
  }
}

/** Lengths are client input: past the server's int range is a malformed operation, not an overflow. */
function sum(total: number, length: number): number {
  const result = total + length;
  if (result > MaxLength) {
    throw new OperationError(`An operation spans at most ${MaxLength} UTF-16 units.`);
  }

  return result;
}

const enum Kind {
  Retain,
  Insert,
  Delete,
}

/** Walks components, splitting them where the other side needs. */
class Cursor {
  private index = 0;
  private offset = 0;

  constructor(private readonly ops: readonly (number | string)[]) {}

  get hasCurrent(): boolean {
    return this.index < this.ops.length;
  }

  get kind(): Kind {
    const c = this.ops[this.index]!;
    return typeof c === "string" ? Kind.Insert : c > 0 ? Kind.Retain : Kind.Delete;
  }

  get remaining(): number {
    return lengthOf(this.ops[this.index]!) - this.offset;
  }

  text(): string {
    return (this.ops[this.index] as string).slice(this.offset);
  }

  take(length: number): string {
    return (this.ops[this.index] as string).slice(this.offset, this.offset + length);
  }

  advance(length: number): void {
    this.offset += length;
    if (this.offset === lengthOf(this.ops[this.index]!)) {
      this.next();
    }
  }

  next(): void {
    this.index++;
    this.offset = 0;
  }
}

function lengthOf(c: number | string): number {
  return typeof c === "string" ? c.length : Math.abs(c);
}
