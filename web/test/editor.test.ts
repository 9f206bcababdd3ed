// The editor in a real browser against the real system: typing persists, two users converge live and see each
// other's cursors, offline edits arrive once, and rename/delete reach a collaborator who has the file open.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser } from "playwright-core";
import { api, artifacts, editorText, eventually, launch, newPage, projectWithDocument, registerUser, signIn, synced } from "./support";

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function serverText(documentId: string, token: string): Promise<string> {
  return (await api<{ content: string }>("GET", `/api/v1/documents/${documentId}`, token)).content;
}

test("a new user signs in, creates a project and a file, types, reloads: the text is there", async () => {
  const user = await registerUser("Ada");
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, user);
    await page.getByLabel("Project name").fill("Compiler");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("heading", { name: "Compiler" }).waitFor();
    await page.getByLabel("New file path").fill("src/main.ts");
    await page.getByRole("button", { name: "Create file" }).click();
    const editor = page.getByRole("textbox", { name: "Contents of src/main.ts" });
    await editor.waitFor();
    await editor.click();
    await page.keyboard.type("const answer = 42;");
    await synced(page);
    assert.equal(await editorText(page), "const answer = 42;");
    // Syntax highlighting by extension: TypeScript keywords get their own token class.
    assert.ok(await page.locator(".cm-content span").count() > 0, "the TypeScript text is highlighted");

    await page.reload();
    await page.getByRole("textbox", { name: "Contents of src/main.ts" }).waitFor();
    await synced(page);
    assert.equal(await editorText(page), "const answer = 42;");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("two users type at once: both editors and the server end with the same text, each sees the other's cursor", async () => {
  const alice = await registerUser("Alice");
  const bob = await registerUser("Bob");
  const { documentId } = await projectWithDocument(alice, "notes.md", "# Shared notes\n", [bob]);
  const a = await newPage(browser);
  const b = await newPage(browser);
  try {
    await signIn(a.page, alice);
    await signIn(b.page, bob);
    await Promise.all([a.page.goto(`/documents/${documentId}`), b.page.goto(`/documents/${documentId}`)]);
    await Promise.all([synced(a.page), synced(b.page)]);
    await a.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await a.page.keyboard.press("Control+End");
    await b.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await b.page.keyboard.press("Control+Home");

    // A few seconds of both typing, each at their own place, interleaved keystroke by keystroke.
    const typeFor = async (page: typeof a.page, words: string) => {
      for (const word of words.split(" ")) await page.keyboard.type(word + " ", { delay: 15 });
    };
    await Promise.all([
      typeFor(a.page, "alice writes at the end of the notes while bob types too and both keep going"),
      typeFor(b.page, "bob starts at the top of the page and keeps typing at the same time as alice"),
    ]);
    await Promise.all([synced(a.page), synced(b.page)]);
    const server = await eventually("the server text to hold both", () => serverText(documentId, alice.token),
      (text) => text.includes("keep going") && text.includes("as alice"));
    await eventually("both editors to show the server's text", async () => [await editorText(a.page), await editorText(b.page)],
      ([ta, tb]) => ta === server && tb === server);
    assert.ok(server.includes("alice writes at the end of the notes while bob types too and both keep going "));
    assert.ok(server.includes("bob starts at the top of the page and keeps typing at the same time as alice "));

    // Presence: each sees the other's caret labelled with their display name.
    await a.page.locator('.cm-remote-label[data-name="Bob"]').waitFor();
    await b.page.locator('.cm-remote-label[data-name="Alice"]').waitFor();
    // Once typing stops, Bob's caret sits where Bob's is: right after what he typed at the top.
    await eventually("Bob's caret on Alice's screen to reach the end of his text", () =>
      a.page.locator(".cm-remote-caret").first().evaluate((caret) => {
        const range = document.createRange();
        range.setStart(caret.closest(".cm-line")!, 0);
        range.setEndBefore(caret);
        return range.toString();
      }), (text) => text === "bob starts at the top of the page and keeps typing at the same time as alice ");
    await a.page.getByRole("textbox", { name: /^Contents of/ }).press("Shift+Home"); // a selection, shown tinted on Bob's side
    await b.page.locator(".cm-remote-selection").first().waitFor();
    await a.page.screenshot({ path: path.join(artifacts, "editor.png") });
    assert.deepEqual([...a.problems, ...b.problems], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("offline edits are kept, shown as pending, and arrive once when the browser is back online", async () => {
  const carol = await registerUser("Carol");
  const dan = await registerUser("Dan");
  const { documentId } = await projectWithDocument(carol, "todo.txt", "start\n", [dan]);
  const c = await newPage(browser);
  const d = await newPage(browser);
  try {
    await signIn(c.page, carol);
    await signIn(d.page, dan);
    await c.page.goto(`/documents/${documentId}`);
    await d.page.goto(`/documents/${documentId}`);
    await Promise.all([synced(c.page), synced(d.page)]);

    await c.context.setOffline(true);
    await c.page.locator('[data-testid="connection"][data-state="offline"]').waitFor();
    await c.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await c.page.keyboard.press("Control+End");
    await c.page.keyboard.type("written offline");
    await c.page.getByText(/Offline · \d+ edits? pending/).waitFor();
    // Meanwhile Dan keeps editing online.
    await d.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await d.page.keyboard.press("Control+Home");
    await d.page.keyboard.type("online ");
    await synced(d.page);

    await c.context.setOffline(false);
    await synced(c.page);
    const server = await eventually("the offline edit on the server", () => serverText(documentId, carol.token), (t) => t.includes("written offline"));
    assert.equal(server, "online start\nwritten offline");
    assert.equal(server.split("written offline").length - 1, 1, "applied exactly once");
    await eventually("both editors to converge", async () => [await editorText(c.page), await editorText(d.page)],
      ([tc, td]) => tc === server && td === server);
    assert.deepEqual([...c.problems, ...d.problems].filter((p) => !p.includes("ERR_INTERNET_DISCONNECTED")), []);
  } finally {
    await c.context.close();
    await d.context.close();
  }
});

test("a file renamed and then deleted while a collaborator has it open", async () => {
  const erin = await registerUser("Erin");
  const frank = await registerUser("Frank");
  const { projectId, documentId } = await projectWithDocument(erin, "lib/old.py", "print('hi')\n", [frank]);
  const e = await newPage(browser);
  const f = await newPage(browser);
  try {
    await signIn(e.page, erin);
    await signIn(f.page, frank);
    await f.page.goto(`/documents/${documentId}`);
    await synced(f.page);

    await e.page.goto(`/projects/${projectId}`);
    await e.page.locator("summary", { hasText: "lib/" }).click();
    await e.page.getByRole("button", { name: "Rename lib/old.py" }).click();
    await e.page.getByLabel("New path for lib/old.py").fill("src/new.py");
    await e.page.getByRole("button", { name: "Save" }).click();
    await e.page.locator("summary", { hasText: "src/" }).click();
    await e.page.getByRole("link", { name: "new.py" }).waitFor();

    // Frank's open editor keeps working on the renamed file.
    await f.page.getByRole("textbox", { name: /^Contents of/ }).click();
    await f.page.keyboard.press("Control+End");
    await f.page.keyboard.type("# still here");
    await synced(f.page);
    const renamed = await api<{ path: string; content: string }>("GET", `/api/v1/documents/${documentId}`, erin.token);
    assert.equal(renamed.path, "src/new.py");
    assert.equal(renamed.content, "print('hi')\n# still here");

    e.page.once("dialog", (dialog) => void dialog.accept());
    await e.page.getByRole("button", { name: "Delete src/new.py" }).click();
    await e.page.getByText("No files yet.").waitFor();
    await f.page.getByRole("alert").filter({ hasText: "deleted by a collaborator" }).waitFor();
    assert.equal(await f.page.getByRole("textbox", { name: /^Contents of/ }).getAttribute("contenteditable"), "false");
  } finally {
    await e.context.close();
    await f.context.close();
  }
});
