import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { tracesDirectory } from "./support/server.js";
import { loadTrace, replayInMemory } from "./support/traces.js";

describe("concurrent editing traces in memory (OtClient and TextOperation on real data, no network)", () => {
  for (const name of ["concurrent-friendsforever", "concurrent-clownschool"]) {
    it(`${name} ends at endContent`, { timeout: 120_000 }, () => {
      const trace = loadTrace(tracesDirectory(), name);
      assert.equal(replayInMemory(trace, trace.transactions), trace.endContent);
    });
  }
});
