import { errorBox } from "../app/errors";
import { append, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import { refreshButton, row, table } from "./ui";

interface ClusterView {
  silos: { address: string; name?: string | null; status: string; startedAt?: string | null; activations?: number | null }[];
  grainTypes: { type: string; activations: number }[];
  totalActivations?: number;
  omittedSilos?: number;
  omittedGrainTypes?: number;
}

const GrainTypesShown = 100;

/** The cluster: its silos and how many grains of each type are active. */
export async function renderClusterSection(container: HTMLElement): Promise<void> {
  const error = errorBox();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));

  async function load(): Promise<void> {
    error.clear();
    try {
      const view = (await client.admin.cluster()) as unknown as ClusterView;
      const types = [...view.grainTypes].sort((a, b) => b.activations - a.activations);
      mount(body,
        h("h3", {}, `Silos (${view.silos.length})`),
        view.silos.length === 0 ? h("p", { class: "empty" }, "No silos answered.")
          : table("Silos", ["Silo", "Address", "Status", "Started", "Activations"], view.silos.slice(0, 200).map((s) => row([
            s.name || "—", h("code", {}, s.address),
            h("span", { class: s.status.toLowerCase() === "active" ? "badge status-succeeded" : "badge" }, s.status),
            formatTime(s.startedAt), s.activations ?? "—",
          ], { "data-silo": s.address }))),
        view.omittedSilos ? h("p", { class: "muted" }, `${view.omittedSilos} more silos are not listed.`) : null,
        h("h3", {}, "Activations by grain type", view.totalActivations !== undefined ? ` (${view.totalActivations} in all)` : ""),
        types.length === 0 ? h("p", { class: "empty" }, "No grains are active.")
          : table("Activations by grain type", ["Grain type", "Activations"],
            types.slice(0, GrainTypesShown).map((t) => row([h("code", {}, t.type), String(t.activations)]))),
        types.length > GrainTypesShown || view.omittedGrainTypes
          ? h("p", { class: "muted" }, `The ${Math.min(types.length, GrainTypesShown)} busiest of ${types.length + (view.omittedGrainTypes ?? 0)} grain types.`) : null);
    } catch (e) {
      mount(body);
      error.show(e);
    }
  }

  append(container, [h("p", {}, refreshButton(load)), error.element, body]);
  await load();
}
