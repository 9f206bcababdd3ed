import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ApiError } from "../errors.js";
import type { HttpCore } from "../http.js";
import type { AiUsageFilter, AiUsagePage, ChatChunk, ChatCompletion, ChatRequest, ModelList } from "../types.js";

/** The OpenAI-compatible AI endpoints (`/v1/*`), checked against the caller's licence and quotas. */
export class AiApi {
  constructor(private readonly http: HttpCore) {}

  /** The caller's AI calls, newest first, with daily totals of the filtered range. */
  usage(filter: AiUsageFilter = {}): Promise<AiUsagePage> {
    return this.http.request("GET", "/api/v1/me/ai/usage", { query: { ...filter } });
  }

  /** The models this caller's edition may use. */
  models(): Promise<ModelList> {
    return this.http.request("GET", "/v1/models");
  }

  chat(body: ChatRequest, options: { signal?: AbortSignal } = {}): Promise<ChatCompletion> {
    return this.http.request("POST", "/v1/chat/completions", { body: { ...body, stream: false }, ...options });
  }

  /**
   * A streamed chat completion: yields each SSE chunk until `data: [DONE]`. A refusal before the stream starts
   * (429 `quota_exceeded`, 403 for the edition, 404 `model_not_found`) throws ApiError (with `retryAfter`) from the
   * first iteration; a stream that breaks off after it started ends with an ApiError carrying the server's code.
   * Breaking out of the loop, or aborting `signal`, cancels the request.
   */
  async *chatStream(body: ChatRequest, options: { signal?: AbortSignal } = {}): AsyncGenerator<ChatChunk, void, undefined> {
    const response = await this.http.send("POST", "/v1/chat/completions", {
      body: { ...body, stream: true },
      headers: { accept: "text/event-stream" },
      ...options,
    });
    if (!response.body) {
      throw new ApiError({ status: response.status, code: "empty_stream", detail: "The stream had no body." });
    }

    yield* readChunks(response.body);
  }
}

/** Parses an OpenAI chat SSE body into chunks, stopping at `[DONE]`. */
export async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatChunk, void, undefined> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let done = false;
  try {
    while (!done) {
      const read = await reader.read();
      if (read.done) {
        parser.feed(decoder.decode());
        parser.reset({ consume: true });
      } else {
        parser.feed(decoder.decode(read.value, { stream: true }));
      }

      while (pending.length > 0) {
        const event = pending.shift()!;
        if (event.data === "[DONE]") {
          done = true;
          break;
        }

        const data = JSON.parse(event.data) as ChatChunk | { error?: unknown };
        if ("error" in data && data.error) {
          // The provider broke off after the stream started: the server's last event says why.
          throw ApiError.fromBody(502, data);
        }

        yield data as ChatChunk;
      }

      if (read.done) {
        break;
      }
    }
  } finally {
    // Stops the download when the caller leaves early (break, throw, abort).
    await reader.cancel().catch(() => {});
  }
}
