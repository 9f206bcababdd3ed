import { errorBox } from "../app/errors";
import { append, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import { formatMs, refreshButton, row, table } from "./ui";

interface ProviderStatus {
  name: string; kind: string; models: string[]; editions: string[]; priority: number; weight: number;
  healthy: boolean; circuit: string; inFlight: number; latencyMs: { p50?: number | null; p95?: number | null; p99?: number | null };
  errorRate: number; calls: number; failures: number; lastError?: string | null; lastFailureAt?: string | null;
  probeHealthy?: boolean | null; lastProbeAt?: string | null;
}

/** Each configured AI provider: health, circuit, load, latency percentiles and error rate. */
export async function renderProvidersSection(container: HTMLElement): Promise<void> {
  const error = errorBox();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));

  async function load(): Promise<void> {
    error.clear();
    try {
      const providers = (await client.admin.aiProviders()) as unknown as ProviderStatus[];
      mount(body, providers.length === 0 ? h("p", { class: "empty" }, "No AI providers are configured (Ai:Providers).")
        : table("AI providers", ["Provider", "Health", "Circuit", "In flight", "p50", "p95", "p99", "Error rate", "Calls", "Last error"],
          providers.slice(0, 200).map((p) => row([
            [h("strong", {}, p.name), h("div", { class: "muted" }, `${p.kind} · ${p.models.slice(0, 10).join(", ")}${p.models.length > 10 ? "…" : ""}`)],
            h("span", { class: p.healthy ? "badge status-succeeded" : "badge status-failed" }, p.healthy ? "healthy" : "unhealthy"),
            h("span", { class: p.circuit === "closed" ? "badge" : "badge status-failed" }, p.circuit),
            String(p.inFlight), formatMs(p.latencyMs?.p50), formatMs(p.latencyMs?.p95), formatMs(p.latencyMs?.p99),
            `${(p.errorRate * 100).toFixed(1)} %`, `${p.calls} (${p.failures} failed)`,
            p.lastError ? [p.lastError.slice(0, 300), h("div", { class: "muted" }, formatTime(p.lastFailureAt))] : h("span", { class: "muted" }, "—"),
          ], { "data-provider": p.name }))));
    } catch (e) {
      mount(body);
      error.show(e);
    }
  }

  append(container, [h("p", {}, refreshButton(load)), error.element, body]);
  await load();
}
