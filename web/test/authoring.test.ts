// Undo by author and named versions in the editor's history panel, in a real browser against the real system:
// one user's undo takes back only their own text while a collaborator's stays, and a saved version comes back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { api, editorText, eventually, launch, newPage, projectWithDocument, registerUser, signIn, synced } from "./support";

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function serverText(documentId: string, token: string): Promise<string> {
  return (await api<{ content: string }>("GET", `/api/v1/documents/${documentId}`, token)).content;
}

test("undo in one tab takes back only that tab's text; a saved version is restored for everyone", async () => {
  const erin = await registerUser("Erin");
  const finn = await registerUser("Finn");
  const { documentId } = await projectWithDocument(erin, "plan.md", "middle\n", [finn]);
  const e = await newPage(browser);
  const f = await newPage(browser);
  try {
    await signIn(e.page, erin);
    await signIn(f.page, finn);
    await Promise.all([e.page.goto(`/documents/${documentId}`), f.page.goto(`/documents/${documentId}`)]);
    await Promise.all([synced(e.page), synced(f.page)]);

    await e.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await e.page.keyboard.press("Control+End");
    await e.page.keyboard.insertText("erin was here");
    await synced(e.page);
    await f.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await f.page.keyboard.press("Control+Home");
    await f.page.keyboard.insertText("finn: ");
    await Promise.all([synced(e.page), synced(f.page)]);
    await eventually("both edits on the server", () => serverText(documentId, erin.token), (t) => t === "finn: middle\nerin was here");

    // Erin saves a version, then undoes her last change: Finn's text stays, in both editors.
    await e.page.getByText("History", { exact: true }).click();
    await e.page.getByLabel("Version name").fill("both");
    await e.page.getByRole("button", { name: "Save version" }).click();
    await e.page.getByRole("button", { name: "Restore both" }).waitFor();
    await e.page.getByRole("button", { name: "Undo my last change" }).click();
    await eventually("Erin's text taken back", () => serverText(documentId, erin.token), (t) => t === "finn: middle\n");
    await eventually("Finn's editor", () => editorText(f.page), (t) => t === "finn: middle\n");
    await eventually("Erin's editor", () => editorText(e.page), (t) => t === "finn: middle\n");

    // Finn keeps typing; Erin restores the version: its content is back everywhere.
    await f.page.keyboard.insertText("more ");
    await synced(f.page);
    await e.page.getByRole("button", { name: "Restore both" }).click();
    await eventually("the version restored", () => serverText(documentId, erin.token), (t) => t === "finn: middle\nerin was here");
    await eventually("Finn's editor after the restore", () => editorText(f.page), (t) => t === "finn: middle\nerin was here");
    assert.deepEqual(e.problems, []);
    assert.deepEqual(f.problems, []);
  } finally {
    await e.context.close();
    await f.context.close();
  }
});
