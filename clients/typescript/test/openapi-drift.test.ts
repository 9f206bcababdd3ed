import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { generate, generatedFile } from "../scripts/gen-api.js";
import { baseUrl, needsServer } from "./support/server.js";

describe("generated OpenAPI types", needsServer, () => {
  it("match the gateway's /openapi/v1.json", { timeout: 120_000 }, async () => {
    const [fresh, committed] = await Promise.all([generate(baseUrl!), readFile(generatedFile, "utf8")]);
    if (fresh !== committed) {
      const a = committed.split("\n");
      const b = fresh.split("\n");
      const line = a.findIndex((text, i) => text !== b[i]);
      const at = line < 0 ? a.length : line;
      assert.fail(
        `src/generated/openapi.ts is out of date with the gateway's OpenAPI document: run npm run gen:api -- ${baseUrl} ` +
          `in clients/typescript and commit the result.\nFirst difference at line ${at + 1}:\n` +
          `  committed: ${a[at] ?? "(end of file)"}\n  gateway:   ${b[at] ?? "(end of file)"}`,
      );
    }
  });
});
