// The AI panel: a streamed answer from the (fake) upstream appears in the panel, and a 429 becomes a message.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { api, launch, newPage, projectWithDocument, registerUser, signIn, synced } from "./support";

const model = process.env.PA_AI_MODEL ?? "fake-chat";
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the AI panel streams an answer and can put it in place of the selection", async () => {
  const user = await registerUser("Grace");
  const { documentId } = await projectWithDocument(user, "app.js", "let x = 1;\n");
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, user);
    await page.goto(`/documents/${documentId}`);
    await synced(page);
    await page.getByLabel("Model").selectOption(model);
    await page.getByTestId("ai-quota").filter({ hasText: "AI requests left today" }).waitFor();
    const before = await page.getByTestId("ai-quota").textContent();
    await page.getByLabel("Ask the AI").fill("Say hello");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.getByTestId("ai-answer").filter({ hasText: "Hello from fake" }).waitFor();
    // The quota shown goes down by the call just made.
    await page.waitForFunction((text) => document.querySelector('[data-testid="ai-quota"]')?.textContent !== text, before);
    await page.getByRole("button", { name: "Replace selection with answer" }).click();
    await synced(page);
    const content = (await api<{ content: string }>("GET", `/api/v1/documents/${documentId}`, user.token)).content;
    assert.ok(content.includes("Hello from fake"), content);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a caller past their AI quota sees the quota message, not an error dump", async () => {
  const admin = await api<{ accessToken: string }>("POST", "/api/v1/auth/login", undefined,
    { email: process.env.PA_ADMIN_EMAIL, password: process.env.PA_ADMIN_PASSWORD });
  const user = await registerUser("Heidi");
  await api("POST", "/api/v1/admin/licenses", admin.accessToken, {
    email: user.email, edition: "personal", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), maxDevices: 1,
    limits: { aiRequestsPerDay: 1 },
  });
  // The day's one request, spent outside the page.
  await api("POST", "/v1/chat/completions", user.token, { model, messages: [{ role: "user", content: "hi" }] });
  const { documentId } = await projectWithDocument(user, "README.md", "# Readme\n");
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, user);
    await page.goto(`/documents/${documentId}`);
    await synced(page);
    await page.getByTestId("ai-quota").filter({ hasText: "left today: 0 of 1" }).waitFor();
    await page.getByLabel("Model").selectOption(model);
    await page.getByLabel("Ask the AI").fill("Another one");
    await page.getByRole("button", { name: "Ask" }).click();
    const message = page.getByTestId("ai-error");
    await message.waitFor();
    const text = (await message.textContent()) ?? "";
    assert.match(text, /quota/i);
    assert.match(text, /Try again in \d+ s/);
    assert.doesNotMatch(text, /\[object Object\]|at .*\.js|Error:/);
  } finally {
    await context.close();
  }
});
