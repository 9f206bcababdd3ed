import type { AgentEvent, AgentMessage } from "@powerautomation/client";
import { h } from "../app/dom";
import { client } from "../app/session";

/** The open document, as the agent is told about it. */
export interface AgentDocument {
  documentId: string;
  path: string;
  revision: () => number;
}

/** What the panel shows of a run as it goes: the agent's words and each tool it used. */
export interface AgentView {
  answer: HTMLElement;
  steps: HTMLOListElement;
}

/** Why a run stopped, in the words a user reads (the server's message carries the bound it hit). */
export class AgentStopped extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const toolLabels: Record<string, string> = {
  list_projects: "Listed projects", list_documents: "Listed files", read_document: "Read a file",
  edit_document: "Edited the file", search: "Searched", start_workflow: "Started a workflow", get_run: "Checked a run",
};

/**
 * One conversation with the server-side agent (`POST /api/v1/agent`): each prompt is a run on the same thread with
 * the turns so far; the agent's edits are `ai` operations that reach this editor through the live socket like
 * anyone's, so nothing here touches the text.
 */
export class AgentConversation {
  private readonly threadId = crypto.randomUUID();
  private readonly messages: AgentMessage[] = [];

  constructor(private readonly document: AgentDocument) {}

  async run(prompt: string, selection: string, model: string, view: AgentView, signal: AbortSignal): Promise<void> {
    this.messages.push({ id: crypto.randomUUID(), role: "user", content: prompt });
    const context = [{
      description: "The document open in the editor",
      value: JSON.stringify({ documentId: this.document.documentId, path: this.document.path, revision: this.document.revision() }),
    }];
    if (selection) context.push({ description: "The text the user selected in it", value: selection });

    let text = "";
    const pending = new Map<string, HTMLLIElement>();
    const input = { threadId: this.threadId, runId: crypto.randomUUID(), messages: this.messages, context, state: {}, forwardedProps: { model } };
    for await (const event of client.agent.run(input, { signal })) {
      switch (event.type) {
        case "TEXT_MESSAGE_CONTENT":
          text += event.delta ?? "";
          view.answer.textContent = text;
          break;
        case "TEXT_MESSAGE_END":
          text += "\n";
          break;
        case "TOOL_CALL_START": {
          const step = h("li", { "data-state": "running" }, `${toolLabels[event.toolCallName ?? ""] ?? event.toolCallName}…`);
          pending.set(event.toolCallId ?? "", step);
          view.steps.append(step);
          break;
        }
        case "TOOL_CALL_RESULT":
          this.finishStep(pending.get(event.toolCallId ?? ""), event);
          break;
        case "RUN_ERROR":
          throw new AgentStopped(event.code ?? "agent_error", event.message ?? "The agent stopped.");
        case "RUN_FINISHED":
          this.messages.push({ id: crypto.randomUUID(), role: "assistant", content: text.trim() });
          return;
      }
    }
  }

  private finishStep(step: HTMLLIElement | undefined, event: AgentEvent): void {
    if (!step) return;
    const label = step.textContent?.replace(/…$/, "") ?? "";
    // A tool's refusal is {code, message, field?} with the API's stable code; anything else is its answer.
    let failure: string | null = null;
    try {
      const body = JSON.parse(event.content ?? "{}") as { code?: unknown; message?: unknown };
      if (typeof body.code === "string" && typeof body.message === "string") failure = body.message;
    } catch {
      // A result cut at the agent's bound is not JSON any more; it was an answer.
    }

    step.dataset.state = failure ? "failed" : "done";
    step.textContent = failure ? `${label}: failed (${failure})` : `${label} ✓`;
  }
}
