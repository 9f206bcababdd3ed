// AI usage: a user's calls appear on their usage page with model, cost and daily totals; an administrator finds
// them in the console by user, and another user sees none of them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { api, eventually, launch, newPage, registerUser, signIn } from "./support";

const model = process.env.PA_AI_MODEL ?? "fake-chat";
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The fixture prices the fake model at 3 / 15 USD per million tokens (a real model's); it answers 11 tokens in, 7 out.
const callCost = 11 * 3 + 7 * 15;

test("a user's AI calls, their cost and the day's total are on the usage page and in the console", async () => {
  const user = await registerUser("Ines");
  const other = await registerUser("Jon");
  await api("POST", "/v1/chat/completions", user.token, { model, messages: [{ role: "user", content: "one" }] });
  await api("POST", "/v1/messages", user.token, { model, max_tokens: 64, messages: [{ role: "user", content: "two" }] });
  // Rows are written in batches behind the calls.
  const usage = await eventually("the two calls in the usage log",
    () => api<{ items: { requestId: string }[] }>("GET", "/api/v1/me/ai/usage", user.token), (u) => u.items.length === 2);

  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, user);
    await page.goto("/account");
    await page.getByRole("link", { name: "AI usage" }).click();
    await page.getByRole("heading", { name: "AI usage" }).waitFor();
    const calls = page.getByRole("table", { name: "AI calls" }).locator("tbody tr");
    await calls.nth(1).waitFor();
    assert.equal(await calls.count(), 2);
    for (const item of usage.items) {
      const row = page.locator(`tr[data-request="${item.requestId}"]`);
      assert.match((await row.textContent()) ?? "", new RegExp(`${model}.*11 / 7.*\\$${(callCost / 1e6).toFixed(6).replace(".", "\\.")}.*ok`));
    }
    const total = (await page.getByTestId("usage-total").textContent()) ?? "";
    assert.match(total, new RegExp(`2 calls, \\$${((2 * callCost) / 1e6).toFixed(6).replace(".", "\\.")} in all`));
    // Today's budget (community: 0.50 USD a day) shows what the two calls spent.
    await page.getByTestId("ai-budget").filter({ hasText: `$${((2 * callCost) / 1e6).toFixed(6)} spent of $0.50` }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  // Another user's page is empty.
  const second = await newPage(browser);
  try {
    await signIn(second.page, other);
    await second.page.goto("/account/usage");
    await second.page.getByText("No AI calls in this range.").waitFor();
  } finally {
    await second.context.close();
  }

  // The console filters everyone's calls by user.
  const adminEmail = process.env.PA_ADMIN_EMAIL!;
  const console = await newPage(browser);
  try {
    await signIn(console.page, { email: adminEmail }, process.env.PA_ADMIN_PASSWORD);
    await console.page.goto("/admin/ai-usage");
    await console.page.getByLabel("User id").fill(user.userId);
    await console.page.getByRole("button", { name: "Filter" }).click();
    const rows = console.page.getByRole("table", { name: "AI calls" }).locator("tbody tr");
    await eventually("only that user's two calls", () => rows.count(), (n) => n === 2);
    for (const item of usage.items) {
      assert.match((await console.page.locator(`tr[data-request="${item.requestId}"]`).textContent()) ?? "", new RegExp(user.userId));
    }
    await console.page.getByTestId("usage-total").filter({ hasText: "2 calls" }).waitFor();
    assert.deepEqual(console.problems, []);
  } finally {
    await console.context.close();
  }
});
