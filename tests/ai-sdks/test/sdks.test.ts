// The official Node SDKs pointed at the gateway by base URL alone, as Continue (legacy completions through the
// openai package) and Claude Code (the @anthropic-ai/sdk package: messages with anthropic-beta, count_tokens) are.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

const base = process.env.PA_BASE_URL;
const token = process.env.PA_TOKEN ?? "";
const completionModel = process.env.PA_COMPLETION_MODEL ?? "coder";
const claudeModel = process.env.PA_CLAUDE_MODEL ?? "sonnet";
const needsServer = { skip: base ? false : "PA_BASE_URL is not set" };

const openai = () => new OpenAI({ apiKey: token, baseURL: `${base}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: token, baseURL: base, maxRetries: 0 });

describe("openai (Node): legacy completions", needsServer, () => {
  it("completes a prompt with a suffix", async () => {
    const completion = await openai().completions.create({ model: completionModel, prompt: "def add(a, b):", suffix: "\n", max_tokens: 32 });
    assert.equal(completion.object, "text_completion");
    assert.equal(completion.choices[0]?.text, "Hello from vllm");
    assert.equal(completion.usage?.prompt_tokens, 11);
    assert.equal(completion.usage?.completion_tokens, 7);
  });

  it("streams a completion", async () => {
    const stream = await openai().completions.create({ model: completionModel, prompt: "const x =", max_tokens: 16, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    assert.equal(text, "Hello from vllm");
  });

  it("hears a bad request as the SDK's BadRequestError, in OpenAI's shape", async () => {
    await assert.rejects(openai().completions.create({ model: completionModel, prompt: "x", echo: true }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /echo/);
      return true;
    });
  });
});

describe("openai (Node): the Responses API, as Codex and the Agents SDK call it", needsServer, () => {
  it("creates a response from a chat provider, with usage", async () => {
    const response = await openai().responses.create({ model: completionModel, instructions: "Be brief.", input: "Hello", max_output_tokens: 32 });
    assert.equal(response.status, "completed");
    assert.equal(response.output_text, "Hello from vllm");
    assert.equal(response.usage?.input_tokens, 11);
    assert.equal(response.usage?.output_tokens, 7);
  });

  it("streams a response as numbered events ending in response.completed", async () => {
    const stream = await openai().responses.create({ model: completionModel, input: [{ role: "user", content: "Hello" }], stream: true });
    let text = "";
    const types: string[] = [];
    let last = -1;
    for await (const event of stream) {
      types.push(event.type);
      assert.equal(event.sequence_number, last + 1);
      last = event.sequence_number;
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    assert.equal(text, "Hello from vllm");
    assert.equal(types[0], "response.created");
    assert.equal(types.at(-1), "response.completed");
  });
});

describe("@anthropic-ai/sdk: what Claude Code calls", needsServer, () => {
  it("sends a message with anthropic-beta and gets the answer", async () => {
    const message = await anthropic().messages.create(
      { model: claudeModel, max_tokens: 64, messages: [{ role: "user", content: "Hello" }] },
      { headers: { "anthropic-beta": "prompt-caching-2024-07-31" } });
    assert.equal(message.role, "assistant");
    assert.equal(message.content[0]?.type === "text" ? message.content[0].text : "", "Hello from claude");
    assert.equal(message.usage.input_tokens, 11);
  });

  it("streams a message", async () => {
    const stream = anthropic().messages.stream({ model: claudeModel, max_tokens: 64, messages: [{ role: "user", content: "Hello" }] });
    let text = "";
    stream.on("text", (delta) => { text += delta; });
    const final = await stream.finalMessage();
    assert.equal(text, "Hello from claude");
    assert.equal(final.stop_reason, "end_turn");
  });

  it("counts tokens exactly through the Anthropic provider", async () => {
    const counted = await anthropic().messages.countTokens({ model: claudeModel, messages: [{ role: "user", content: "Hello, Claude" }] });
    assert.equal(counted.input_tokens, 4242);
  });

  it("hears an unknown model as the SDK's NotFoundError", async () => {
    await assert.rejects(anthropic().messages.create({ model: "no-such-model", max_tokens: 8, messages: [{ role: "user", content: "x" }] }),
      (error: unknown) => error instanceof Anthropic.NotFoundError);
  });
});
