import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { TextOperation, transformIndex, transformSelection, untransformIndex } from "../src/ot/index.js";
import { Random, randomOperation, randomText } from "./support/random.js";

const op = (json: unknown) => TextOperation.fromJSON(json);

describe("transformIndex", () => {
  it("moves a position right for inserts before it and left for deletes before it", () => {
    assert.equal(transformIndex(3, op(["ab", 5])), 5);
    assert.equal(transformIndex(3, op([4, "ab", 1])), 3);
    assert.equal(transformIndex(3, op([-2, 3])), 1);
    assert.equal(transformIndex(4, op([3, -2])), 3, "inside deleted text it lands where the deletion was");
    assert.equal(transformIndex(5, op([3, -2])), 3);
  });

  it("pushes a position on an insert exactly there only for its owner (the server's rule)", () => {
    assert.equal(transformIndex(2, op([2, "xyz", 3])), 2);
    assert.equal(transformIndex(2, op([2, "xyz", 3]), true), 5);
    assert.equal(transformIndex(0, op(["q", 1])), 0);
    assert.equal(transformIndex(1, op([1, "q"]), true), 2);
  });

  it("maps a target position back to the base document", () => {
    const o = op([2, "xyz", -1, 2]);
    assert.equal(untransformIndex(0, o), 0);
    assert.equal(untransformIndex(2, o), 2);
    assert.equal(untransformIndex(4, o), 2, "inside inserted text: where it was inserted");
    assert.equal(untransformIndex(5, o), 2, "at the edge of deleted text: before it");
    assert.equal(untransformIndex(7, o), 5);
  });

  it("round-trips positions outside deleted text", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = new Random(seed);
      const document = randomText(random, 20);
      const o = randomOperation(random, document);
      const deleted = new Set<number>();
      let position = 0;
      for (const c of o.ops) {
        if (typeof c === "number" && c < 0) {
          for (let i = position + 1; i <= position - c; i++) {
            deleted.add(i);
          }
        }

        position += typeof c === "number" ? Math.abs(c) : 0;
      }

      for (let i = 0; i <= document.length; i++) {
        if (!deleted.has(i)) {
          const moved = transformIndex(i, o);
          assert.ok(moved >= 0 && moved <= o.targetLength, `seed ${seed}: ${i} moved out of the document`);
          assert.equal(untransformIndex(moved, o), i, `seed ${seed}: ${i} in ${o}`);
        }
      }
    }
  });
});

describe("transformSelection", () => {
  it("moves every range and clamps positions past the base length", () => {
    const moved = transformSelection(
      [
        { anchor: 1, head: 4 },
        { anchor: 9, head: 9 },
      ],
      op(["ab", 2, -1, 2]),
    );
    assert.deepEqual(moved, [
      { anchor: 3, head: 5 },
      { anchor: 6, head: 6 },
    ]);
  });
});
