// The official MCP TypeScript SDK and the AG-UI client against a running gateway (PA_BASE_URL, PA_TOKEN), on a
// document (PA_DOCUMENT_ID) whose content starts "const x = 1;\n", with PA_MODEL scripted to edit it and answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { HttpAgent } from "@ag-ui/client";

const base = process.env.PA_BASE_URL;
const token = process.env.PA_TOKEN ?? "";
const documentId = process.env.PA_DOCUMENT_ID ?? "";
const model = process.env.PA_MODEL ?? "auto";
if (!base) {
  throw new Error("PA_BASE_URL is not set");
}

/** Waits for a promise, failing with what was awaited after a bound. */
function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

function json(result: any): any {
  assert.equal(result.content[0].type, "text");
  return JSON.parse(result.content[0].text);
}

test("MCP over Streamable HTTP: tools, read, edit, and a subscription hears of the edit", async () => {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "ts-mcp-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const edit = tools.find((t) => t.name === "edit_document");
    assert.ok(edit, "edit_document is listed");
    assert.deepEqual(edit.inputSchema.required, ["documentId", "revision", "edits"]);

    const read = json(await client.callTool({ name: "read_document", arguments: { documentId } }));
    assert.equal(read.content, "const x = 1;\n");

    const uri = `pa://documents/${documentId}`;
    const updated = new Promise<string>((resolve) =>
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)),
    );
    await client.subscribeResource({ uri });
    const edited = await client.callTool({
      name: "edit_document",
      arguments: { documentId, revision: read.revision, edits: [{ from: 13, to: 13, text: "const y = 2;\n" }] },
    });
    assert.equal(edited.isError ?? false, false, JSON.stringify(edited));
    assert.equal(await within(updated, "notifications/resources/updated"), uri);

    const resource = await client.readResource({ uri });
    assert.equal((resource.contents[0] as { text: string }).text, "const x = 1;\nconst y = 2;\n");
  } finally {
    await client.close();
  }
});

test("AG-UI HttpAgent: the run's events pass the client's own verification and the agent edits the document", async () => {
  const agent = new HttpAgent({
    url: `${base}/api/v1/agent`,
    headers: { Authorization: `Bearer ${token}` },
    threadId: "thread-ts",
    initialMessages: [{ id: "u1", role: "user", content: "Add a header comment." }],
  });
  const seen: string[] = [];
  await agent.runAgent({ runId: randomUUID(), forwardedProps: { model } }, { onEvent: ({ event }) => { seen.push(event.type); } });
  assert.equal(seen[0], "RUN_STARTED");
  assert.equal(seen[seen.length - 1], "RUN_FINISHED");
  assert.ok(seen.includes("TOOL_CALL_RESULT"), seen.join(","));
  assert.ok(agent.messages.some((m) => m.role === "assistant" && String(m.content ?? "").includes("Done")), JSON.stringify(agent.messages));

  const headers = { Authorization: `Bearer ${token}` };
  const content = await (await fetch(`${base}/api/v1/documents/${documentId}/content`, { headers })).json();
  assert.ok(content.content.startsWith("// by the agent\n"), content.content);
  const history = await (await fetch(`${base}/api/v1/documents/${documentId}/operations`, { headers })).json();
  assert.equal(history[history.length - 1].authorKind, "ai");
});
