import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ApiError } from "../errors.js";
import type { HttpCore } from "../http.js";

/** One message of an AG-UI conversation (`RunAgentInput.messages`). */
export interface AgentMessage {
  id: string;
  role: "user" | "assistant" | "system" | "developer" | "tool";
  content: string;
  toolCallId?: string;
}

/** AG-UI's RunAgentInput as `POST /api/v1/agent` takes it; `forwardedProps.model` picks the model. */
export interface AgentRunInput {
  threadId: string;
  runId: string;
  messages: AgentMessage[];
  state?: Record<string, unknown>;
  context?: { description: string; value: string }[];
  forwardedProps?: { model?: string };
}

/** One AG-UI event of a run (`RUN_STARTED`, `TEXT_MESSAGE_CONTENT`, `TOOL_CALL_START`, `RUN_ERROR`, …). */
export interface AgentEvent {
  type: string;
  messageId?: string;
  delta?: string;
  toolCallId?: string;
  toolCallName?: string;
  content?: string;
  code?: string;
  message?: string;
  result?: string;
  snapshot?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The AG-UI agent (`POST /api/v1/agent`): a server-side agent loop whose tools act as the signed-in user. */
export class AgentApi {
  constructor(private readonly http: HttpCore) {}

  /**
   * Runs the agent, yielding its AG-UI events as they arrive; the last is `RUN_FINISHED` or `RUN_ERROR` (with the
   * server's `code`, such as `agent_step_limit`). A refusal before the run starts (400 naming the field, 401, 429)
   * throws ApiError from the first iteration. Breaking out of the loop, or aborting `signal`, stops the run.
   */
  async *run(input: AgentRunInput, options: { signal?: AbortSignal } = {}): AsyncGenerator<AgentEvent, void, undefined> {
    const response = await this.http.send("POST", "/api/v1/agent", {
      body: input,
      headers: { accept: "text/event-stream" },
      ...options,
    });
    if (!response.body) {
      throw new ApiError({ status: response.status, code: "empty_stream", detail: "The stream had no body." });
    }

    yield* readAgentEvents(response.body);
  }
}

/** Parses an AG-UI SSE body (one JSON event per `data:` line) until it ends. */
export async function* readAgentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<AgentEvent, void, undefined> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const read = await reader.read();
      parser.feed(read.done ? decoder.decode() : decoder.decode(read.value, { stream: true }));
      if (read.done) parser.reset({ consume: true });
      while (pending.length > 0) {
        yield JSON.parse(pending.shift()!.data) as AgentEvent;
      }

      if (read.done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
