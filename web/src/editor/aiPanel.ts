import { ApiError } from "@powerautomation/client";
import type { EditorView } from "@codemirror/view";
import { describeError } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { client } from "../app/session";
import { formatUsd, type QuotaItem } from "../usage/usageView";
import { AgentConversation, AgentStopped, type AgentDocument } from "./agentRun";

/**
 * The AI panel, in two modes. Ask: chat with a model about the open file; answers stream in and an answer's code can
 * replace the selection. Agent: the server-side agent works on the file with its tools as this user; its edits arrive
 * through the live socket as AI edits, which the history panel can take back.
 */
export function renderAiPanel(host: HTMLElement, view: EditorView, readOnly: boolean, document: AgentDocument): void {
  const model = h("select", { name: "model" });
  const prompt = h("textarea", { name: "prompt", rows: 3, required: true, maxlength: 20000 });
  const includeSelection = h("input", { type: "checkbox", name: "includeSelection", checked: true });
  const send = h("button", { type: "submit" }, "Ask");
  const stop = h("button", { type: "button", class: "secondary", hidden: true }, "Stop");
  const answer = h("div", { class: "ai-answer", "aria-live": "polite", "data-testid": "ai-answer" });
  const message = h("p", { class: "error", role: "alert", hidden: true, "data-testid": "ai-error" });
  const quota = h("p", { class: "muted", "data-testid": "ai-quota" });
  const apply = h("button", { type: "button", class: "secondary", hidden: true }, "Replace selection with answer");
  const askMode = h("input", { type: "radio", name: "ai-mode", value: "ask", checked: true });
  const agentMode = h("input", { type: "radio", name: "ai-mode", value: "agent", disabled: readOnly });
  const steps = h("ol", { class: "agent-steps", "aria-label": "What the agent did", "data-testid": "agent-steps", hidden: true });
  const agent = new AgentConversation(document);
  const modes = h("fieldset", { class: "row modes" }, h("legend", {}, "Mode"),
    h("label", { class: "check" }, askMode, " Ask"),
    h("label", { class: "check", title: readOnly ? "Viewers cannot let an agent edit" : "The agent reads and edits this file itself" }, agentMode, " Agent"));
  const inAgentMode = () => agentMode.checked;
  const showMode = () => { send.textContent = inAgentMode() ? "Run agent" : "Ask"; steps.hidden = !inAgentMode(); apply.hidden = true; };
  askMode.addEventListener("change", showMode);
  agentMode.addEventListener("change", showMode);
  const form = h("form", {}, modes, field("Model", model), field("Ask the AI", prompt),
    h("label", { class: "check" }, includeSelection, " Include the selected text"),
    h("div", { class: "row" }, send, stop));
  const section = h("section", { class: "card", "aria-labelledby": "ai-title" },
    h("h2", { id: "ai-title" }, "AI"), quota, form, message, steps, answer, apply);
  host.append(section);

  let controller: AbortController | null = null;
  let text = "";

  const showError = (error: unknown) => {
    let detail = describeError(error);
    if (error instanceof ApiError && error.status === 429 && error.retryAfter) detail += ` Try again in ${error.retryAfter} s.`;
    message.textContent = detail;
    message.hidden = false;
  };

  async function loadModels(): Promise<void> {
    try {
      const all = await client.ai.models() as { data: { id: string }[] };
      // /v1/models lists embedding models too; they cannot chat.
      const list = { data: all.data.filter((m) => !/embed|minilm/i.test(m.id)) };
      mount(model, list.data.length === 0 ? h("option", { value: "" }, "No chat models") : list.data.map((m) => h("option", { value: m.id }, m.id)));
      send.disabled = list.data.length === 0;
      if (list.data.length === 0) {
        message.textContent = "No chat model is available to your edition. An administrator adds providers under Ai:Providers in the configuration (PA_CONFIG).";
        message.hidden = false;
      }
    } catch (e) {
      showError(e);
      send.disabled = true;
    }
  }

  async function loadQuota(): Promise<void> {
    try {
      const items = await client.quota() as QuotaItem[];
      const requests = items.find((q) => q.kind === "ai_requests");
      const tokens = items.find((q) => q.kind === "ai_tokens");
      const spend = items.find((q) => q.kind === "ai_spend");
      quota.textContent = requests
        ? `AI requests left today: ${requests.remaining} of ${requests.limit}` + (tokens ? ` · tokens left: ${tokens.remaining}` : "")
          + (spend ? ` · ${formatUsd(spend.remaining)} of ${formatUsd(spend.limit)} left to spend` : "")
        : "";
    } catch {
      quota.textContent = "";
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.hidden = true;
    apply.hidden = true;
    text = "";
    answer.textContent = "";
    const selection = view.state.sliceDoc(view.state.selection.main.from, view.state.selection.main.to);
    const content = includeSelection.checked && selection ? `${prompt.value}\n\nSelected text:\n\`\`\`\n${selection}\n\`\`\`` : prompt.value;
    controller = new AbortController();
    send.disabled = true;
    stop.hidden = false;
    try {
      if (inAgentMode()) {
        steps.replaceChildren();
        await agent.run(prompt.value, includeSelection.checked ? selection : "", model.value, { answer, steps }, controller.signal);
        return;
      }

      for await (const chunk of client.ai.chatStream({ model: model.value, stream: true, messages: [{ role: "user", content }] }, { signal: controller.signal })) {
        const delta = (chunk as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content;
        if (delta) {
          text += delta;
          answer.textContent = text;
        }
      }
      apply.hidden = readOnly || text.length === 0;
    } catch (e) {
      if (e instanceof AgentStopped) {
        message.textContent = `The agent stopped: ${e.message}`;
        message.hidden = false;
      } else if (!(e instanceof DOMException && e.name === "AbortError")) showError(e);
    } finally {
      controller = null;
      send.disabled = false;
      stop.hidden = true;
      void loadQuota();
    }
  });
  stop.addEventListener("click", () => controller?.abort());
  apply.addEventListener("click", () => {
    const code = /```[^\n]*\n([\s\S]*?)```/.exec(text)?.[1] ?? text;
    const { from, to } = view.state.selection.main;
    view.dispatch({ changes: { from, to, insert: code }, selection: { anchor: from, head: from + code.length } });
    view.focus();
  });

  void loadModels();
  void loadQuota();
}
