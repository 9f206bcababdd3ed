// The AI panel's agent mode, in a real browser against the real system: the server-side agent edits the open file
// through its tools, the edit arrives in the editor over the live socket as an AI edit, and the history panel takes
// it back while the user's own text stays.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { api, editorText, eventually, launch, newPage, projectWithDocument, registerUser, signIn, synced, type User } from "./support";

const agentModel = process.env.PA_AGENT_MODEL ?? "agent-model";
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Signs in, opens the document, and runs the agent on it from the AI panel with this prompt. */
async function runAgent(page: Page, user: User, documentId: string, prompt: string): Promise<void> {
  await signIn(page, user);
  await page.goto(`/documents/${documentId}`);
  await synced(page);
  await page.getByLabel("Agent", { exact: true }).check();
  await page.getByLabel("Model").selectOption(agentModel);
  await page.getByLabel("Ask the AI").fill(prompt);
  await page.getByRole("button", { name: "Run agent" }).click();
}

test("agent mode: the agent edits the open file, the editor shows it, and the AI edit is undone", async () => {
  const user = await registerUser("Ivy");
  const { documentId } = await projectWithDocument(user, "main.ts", "const x = 1;\n");
  const { context, page, problems } = await newPage(browser);
  try {
    await runAgent(page, user, documentId, "Add a header comment.");

    // What the agent did, step by step, and its closing words.
    await page.getByTestId("agent-steps").getByText("Edited the file ✓").waitFor();
    await page.getByTestId("ai-answer").filter({ hasText: "Added a header comment." }).waitFor();
    await eventually("the agent's edit in the editor", () => editorText(page), (t) => t === "// written by the agent\nconst x = 1;\n");

    // The user types below; then takes back the AI edit alone.
    await page.getByRole("textbox", { name: /^Contents of/ }).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("x;");
    await synced(page);
    await page.getByText("History", { exact: true }).click();
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("button", { name: "Undo AI edit" }).first().click();
    await eventually("the AI edit taken back on the server",
      async () => (await api<{ content: string }>("GET", `/api/v1/documents/${documentId}`, user.token)).content, (t) => t === "const x = 1;\nx;");
    await eventually("and in the editor", () => editorText(page), (t) => t === "const x = 1;\nx;");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("agent mode: a run the server stops says why in the panel", async () => {
  const user = await registerUser("Jude");
  const { documentId } = await projectWithDocument(user, "notes.md", "# Notes\n");
  const { context, page } = await newPage(browser);
  try {
    // The scripted model keeps listing projects when asked to loop, until the step bound ends the run.
    await runAgent(page, user, documentId, "loop forever");
    const message = page.getByTestId("ai-error");
    await message.filter({ hasText: "The agent stopped" }).waitFor();
    assert.match((await message.textContent()) ?? "", /Agents:MaxSteps/);
    assert.ok(await page.getByTestId("agent-steps").getByText("Listed projects ✓").count() > 0);
  } finally {
    await context.close();
  }
});
