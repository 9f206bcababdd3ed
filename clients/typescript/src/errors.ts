/**
 * Every non-2xx answer of the API, whatever shape it came in: RFC 9457 problem+json (`code` extension) on
 * `/api/*`, OpenAI's `{error: {message, type, code}}` and Anthropic's `{type: "error", error: {...}}` on `/v1/*`.
 * `message` is the problem's detail (or title), never "[object Object]". A request that got no answer at all
 * (network down, DNS, CORS) is an ApiError too, with `status` 0 and `code` "network_error".
 */
export class ApiError extends Error {
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  /** The stable machine-readable code (`quota_exceeded`, `token_reused`, …). */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  /** W3C trace id of the request, for support and logs. */
  readonly traceId?: string;
  /** Seconds to wait before retrying, from `Retry-After`. */
  readonly retryAfter?: number;
  /** Field errors of a `validation_failed` problem. */
  readonly errors?: Record<string, string[]>;
  /** The body as received (parsed JSON when it was JSON). */
  readonly body?: unknown;

  constructor(init: {
    status: number;
    code: string;
    title?: string;
    detail?: string;
    traceId?: string;
    retryAfter?: number;
    errors?: Record<string, string[]>;
    body?: unknown;
    cause?: unknown;
  }) {
    const title = init.title ?? defaultTitle(init.status);
    const detail = init.detail ?? "";
    super(detail || title, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.title = title;
    this.detail = detail;
    if (init.traceId !== undefined) this.traceId = init.traceId;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.body !== undefined) this.body = init.body;
  }

  /** Reads a failed response into an ApiError (consumes the body). */
  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => "");
    let body: unknown = text || undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's HTML page, say): kept as text, the status still tells what happened.
    }

    return ApiError.fromBody(response.status, body, response.headers);
  }

  /** An ApiError from a status and a parsed body in any of the shapes the gateway answers. */
  static fromBody(status: number, body: unknown, headers?: Headers): ApiError {
    const retryAfter = parseRetryAfter(headers?.get("retry-after") ?? null);
    const traceId = traceIdOf(body, headers);
    const common = {
      status,
      ...(traceId !== undefined && { traceId }),
      ...(retryAfter !== undefined && { retryAfter }),
      body,
    };
    if (isObject(body)) {
      // OpenAI and Anthropic shapes (/v1/*): the message and our code ride in `error`.
      if (isObject(body.error)) {
        const error = body.error;
        return new ApiError({
          ...common,
          code: str(error.code) ?? str(error.type) ?? codeForStatus(status),
          title: str(error.type) ?? defaultTitle(status),
          detail: str(error.message) ?? "",
        });
      }

      const errors = isObject(body.errors) ? (body.errors as Record<string, string[]>) : undefined;
      return new ApiError({
        ...common,
        code: str(body.code) ?? codeForStatus(status),
        title: str(body.title) ?? defaultTitle(status),
        detail: str(body.detail) ?? str(body.message) ?? "",
        ...(errors !== undefined && { errors }),
      });
    }

    return new ApiError({
      ...common,
      code: codeForStatus(status),
      detail: typeof body === "string" ? body.slice(0, 500) : "",
    });
  }
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }

  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds);
  }

  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function traceIdOf(body: unknown, headers?: Headers): string | undefined {
  if (isObject(body) && typeof body.traceId === "string") {
    return body.traceId;
  }

  // traceparent: version-traceid-spanid-flags
  const traceparent = headers?.get("traceparent");
  return traceparent?.split("-")[1];
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return "invalid_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 429: return "rate_limited";
    case 503: return "service_unavailable";
    default: return status >= 500 ? "server_error" : `http_${status}`;
  }
}

function defaultTitle(status: number): string {
  return status === 0 ? "Network error" : status >= 500 ? "Server error" : `Request failed (${status})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
