import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { OperationError, TextOperation } from "../src/ot/index.js";
import { Random, randomOperation, randomText } from "./support/random.js";

const op = (json: unknown) => TextOperation.fromJSON(json);
const runs = 1000;

/** Runs a property for many seeds; a failure names its seed. */
function property(name: string, check: (random: Random) => void): void {
  it(name, () => {
    for (let seed = 1; seed <= runs; seed++) {
      try {
        check(new Random(seed));
      } catch (error) {
        throw new Error(`${name} failed for seed ${seed}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
}

describe("TextOperation normalisation", () => {
  it("merges neighbours, drops empty components and puts inserts before deletes, like the server", () => {
    assert.deepEqual(op([1, 2, "a", "b", -1, "c", -2, 3]).toJSON(), [3, "abc", -3, 3]);
    assert.deepEqual(new TextOperation().retain(0).insert("").delete(0).toJSON(), []);
    assert.deepEqual(new TextOperation().delete(2).insert("x").toJSON(), ["x", -2]);
    assert.deepEqual(new TextOperation().insert("a").delete(1).insert("b").delete(1).toJSON(), ["ab", -2]);
    assert.deepEqual(new TextOperation().retain(1).delete("ab").toJSON(), [1, -2]);
  });

  it("counts base and target lengths in UTF-16 units", () => {
    const o = op([2, "\u{1F600}", -3]);
    assert.equal(o.baseLength, 5);
    assert.equal(o.targetLength, 4);
  });

  for (const bad of [[0], [1.5], [""], [true], [null], { retain: 1 }, [[1]], [-2147483648], [3000000000], "[1]"]) {
    it(`refuses ${JSON.stringify(bad)} as the server does`, () => {
      assert.throws(() => op(bad), OperationError);
    });
  }

  it("refuses lone surrogates and U+0000 in inserted text", () => {
    assert.throws(() => op(["\ud83d"]), OperationError);
    assert.throws(() => op(["a\ude00"]), OperationError);
    assert.throws(() => op(["a\u0000"]), OperationError);
    assert.doesNotThrow(() => op(["\u{1F600}"]));
  });

  it("refuses lengths past the server's 32-bit range and bad counts", () => {
    assert.throws(() => op([2147483647, 1]), OperationError);
    assert.throws(() => new TextOperation().retain(-1), OperationError);
    assert.throws(() => new TextOperation().retain(1.5), OperationError);
    assert.throws(() => new TextOperation().delete(-1), OperationError);
  });

  property("random operations are normalised and survive their JSON form", (random) => {
    const a = randomOperation(random, randomText(random, 30));
    const ops = a.ops;
    for (let i = 0; i < ops.length; i++) {
      const c = ops[i]!;
      assert.ok(c !== 0 && c !== "", "no empty component");
      const next = ops[i + 1];
      if (next !== undefined) {
        const kind = (x: number | string) => (typeof x === "string" ? "i" : x > 0 ? "r" : "d");
        assert.notEqual(kind(c), kind(next), "no two adjacent of one kind");
        assert.ok(!(kind(c) === "d" && kind(next) === "i"), "no insert right after a delete");
      }
    }

    assert.ok(op(JSON.parse(JSON.stringify(a))).equals(a));
  });
});

describe("TextOperation apply, invert, compose", () => {
  it("applies to a document of its base length only", () => {
    assert.equal(op([5, " world"]).apply("hello"), "hello world");
    assert.equal(op(["Oh, ", 5]).apply("hello"), "Oh, hello");
    assert.equal(op([1, -3, 1]).apply("hello"), "ho");
    assert.throws(() => op([9]).apply("hello"), OperationError);
    assert.throws(() => op([3, "x"]).apply("hello"), OperationError);
  });

  it("splices like the server's TextOperation.Splice", () => {
    assert.deepEqual(TextOperation.splice(5, 1, 2, "XY").toJSON(), [1, "XY", -2, 2]);
    assert.deepEqual(TextOperation.splice(0, 0, 0, "a").toJSON(), ["a"]);
    assert.throws(() => TextOperation.splice(3, 2, 2, ""), OperationError);
  });

  property("invert undoes the operation", (random) => {
    const document = randomText(random, 30);
    const a = randomOperation(random, document);
    assert.equal(a.invert(document).apply(a.apply(document)), document);
  });

  property("compose equals applying in turn", (random) => {
    const document = randomText(random, 30);
    const a = randomOperation(random, document);
    const b = randomOperation(random, a.apply(document));
    const ab = a.compose(b);
    assert.equal(ab.apply(document), b.apply(a.apply(document)));
    assert.equal(ab.baseLength, a.baseLength);
    assert.equal(ab.targetLength, b.targetLength);
  });

  it("refuses to compose operations that do not line up", () => {
    assert.throws(() => op([3]).compose(op([4])), OperationError);
  });
});

describe("TextOperation transform", () => {
  property("converges (TP1): apply(apply(d, a), b') === apply(apply(d, b), a')", (random) => {
    const document = randomText(random, 30);
    const a = randomOperation(random, document);
    const b = randomOperation(random, document);
    const [aPrime, bPrime] = TextOperation.transform(a, b);
    assert.equal(bPrime.apply(a.apply(document)), aPrime.apply(b.apply(document)));
  });

  it("puts the first argument's insert first at one position (ot.js ties)", () => {
    const [aPrime, bPrime] = TextOperation.transform(op(["A", 1]), op(["B", 1]));
    assert.equal(bPrime.apply("Ax"), "ABx");
    assert.equal(aPrime.apply("Bx"), "ABx");
    assert.deepEqual(aPrime.toJSON(), ["A", 2]);
    assert.deepEqual(bPrime.toJSON(), [1, "B", 1]);
  });

  it("matches the server's results on known cases", () => {
    assert.deepEqual(TextOperation.transform(op(["Oh, ", 5]), op([5, " world"]))[0].toJSON(), ["Oh, ", 11]);
    // Both delete the same text: each transformed side keeps only what the other did not delete.
    const [a1, b1] = TextOperation.transform(op([1, -3, 1]), op([2, -3]));
    assert.deepEqual(a1.toJSON(), [1, -1]);
    assert.deepEqual(b1.toJSON(), [1, -1]);
    // A delete against an insert inside the deleted range keeps the insert.
    const [a2, b2] = TextOperation.transform(op([-4]), op([2, "zz", 2]));
    assert.deepEqual(a2.toJSON(), [-2, 2, -2]);
    assert.deepEqual(b2.toJSON(), ["zz"]);
  });

  it("refuses operations on documents of different lengths", () => {
    assert.throws(() => TextOperation.transform(op([3]), op([4])), OperationError);
  });
});

describe("TextOperation validate", () => {
  const document = "a\u{1F600}b";

  for (const json of [[2, "x", 2], [2, -2], [1, -1, 2]]) {
    it(`refuses ${JSON.stringify(json)}, which splits a surrogate pair`, () => {
      assert.throws(() => op(json).validate(document), OperationError);
    });
  }

  it("accepts whole surrogate pairs", () => {
    const o = op([1, -2, "\u{1F44D}", 1]);
    o.validate(document);
    assert.equal(o.apply(document), "a\u{1F44D}b");
  });

  it("refuses a lone surrogate built without fromJSON, and a wrong length", () => {
    assert.throws(() => new TextOperation().retain(4).insert("\ud83d").validate(document), OperationError);
    assert.throws(() => op([3]).validate(document), OperationError);
  });
});
