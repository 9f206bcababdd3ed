import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { LiveDocument, MemoryTokenStore, PaClient, type LiveEvents, type TokenStore } from "../../src/index.js";

/** The gateway under test; tests that need it skip (saying why) when it is not set. */
export const baseUrl = process.env.PA_BASE_URL?.replace(/\/+$/, "");

export const needsServer: { skip: string | false } = {
  skip: baseUrl ? false : "PA_BASE_URL is not set: start a gateway (./pa up) and set PA_BASE_URL=<gateway URL> to run this test",
};

export const password = "Correct-Horse-Battery-9";

/** A fetch that records every request as "METHOD path". */
export function countingFetch(): { fetch: typeof fetch; calls: string[]; count(pathSuffix: string): number } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      calls.push(`${init?.method ?? "GET"} ${url.pathname}`);
      return fetch(input, init);
    },
    count: (suffix) => calls.filter((c) => c.endsWith(suffix)).length,
  };
}

export function newClient(options: { tokens?: TokenStore; fetch?: typeof fetch } = {}): PaClient {
  return new PaClient({ baseUrl: baseUrl!, WebSocket, tokens: options.tokens ?? new MemoryTokenStore(), ...(options.fetch && { fetch: options.fetch }) });
}

export interface User {
  client: PaClient;
  email: string;
  userId: string;
  displayName: string;
}

/** A new account, signed in; every test makes its own, so tests share no state. */
export async function signUp(name = "ts", options: { fetch?: typeof fetch } = {}): Promise<User> {
  const client = newClient(options);
  const email = `${name}-${randomUUID()}@example.com`;
  const displayName = `${name} ${email.slice(name.length + 1, name.length + 7)}`;
  const { userId } = await client.auth.register({ email, password, displayName });
  await client.auth.login({ email, password });
  return { client, email, userId, displayName };
}

/** A project of `owner` with one document, and `others` invited (with `role`) and accepted. */
export async function sharedDocument(owner: User, content: string, others: User[] = [], role: "editor" | "viewer" = "editor") {
  const { projectId } = await owner.client.projects.create(`ts ${randomUUID().slice(0, 8)}`);
  const { documentId } = await owner.client.projects.createDocument(projectId, `src/${randomUUID().slice(0, 8)}.txt`, content);
  for (const other of others) {
    await owner.client.projects.addMember(projectId, other.email, role);
    await verified(other);
    const invitation = (await other.client.invitations.list()).find((i) => i.projectId === projectId);
    if (!invitation) {
      throw new Error(`no invitation to ${projectId} for ${other.email}`);
    }

    await other.client.invitations.accept(invitation.invitationId);
  }

  return { projectId, documentId };
}

/**
 * Verifies the user's address by the token of its verification mail (invitations need a verified address): read from
 * the test SMTP server's view (`PA_MAIL_URL`, as the .NET fixture passes) or from `.eml` files (`PA_MAIL_DIR`, e.g.
 * `PA_HOME/mail` of `./pa up`).
 */
export async function verified(user: User): Promise<void> {
  const me = (await user.client.me()) as { emailVerified?: boolean };
  if (me.emailVerified !== false) {
    return;
  }

  const deadline = Date.now() + 30_000;
  for (;;) {
    const token = await verificationToken(user.email);
    if (token) {
      await user.client.account.verifyEmail(token);
      return;
    }

    if (Date.now() > deadline) {
      throw new Error(`no verification mail reached ${user.email}`);
    }

    await new Promise((r) => setTimeout(r, 100));
  }
}

async function verificationToken(email: string): Promise<string | undefined> {
  const texts: string[] = [];
  if (process.env.PA_MAIL_URL) {
    const mails = (await (await fetch(`${process.env.PA_MAIL_URL}/messages?to=${encodeURIComponent(email)}`)).json()) as { kind: string; text: string }[];
    texts.push(...mails.filter((m) => m.kind === "email_verification").map((m) => m.text));
  } else if (process.env.PA_MAIL_DIR) {
    const dir = process.env.PA_MAIL_DIR;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".eml")).sort()) {
      const text = readFileSync(join(dir, name), "utf8");
      if (text.includes(`To: ${email}`) && text.includes("X-PowerAutomation-Kind: email_verification")) texts.push(text);
    }
  } else {
    throw new Error("set PA_MAIL_URL or PA_MAIL_DIR so tests can read the verification mail");
  }

  const latest = texts.at(-1);
  const token = latest === undefined ? undefined : /verify-email\?token=([A-Za-z0-9._~%-]+)/.exec(latest)?.[1];
  return token === undefined ? undefined : decodeURIComponent(token);
}

/**
 * Waits until `condition` holds, checking after every event of the given documents (no sleeps); fails after
 * `timeoutMs` saying what it waited for.
 */
export function until(docs: LiveDocument[], condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  if (condition()) {
    return Promise.resolve();
  }

  return new Promise((resolvePromise, reject) => {
    const events: (keyof LiveEvents)[] = ["snapshot", "remote", "ack", "presence", "state", "synchronized", "error"];
    const offs: (() => void)[] = [];
    const done = (error?: Error) => {
      clearTimeout(timer);
      offs.forEach((off) => off());
      if (error) {
        reject(error);
      } else {
        resolvePromise();
      }
    };
    const check = () => {
      try {
        if (condition()) {
          done();
        }
      } catch (error) {
        done(error as Error);
      }
    };
    const timer = setTimeout(() => {
      const states = docs.map((d) => `${d.session.slice(0, 6)}: ${d.state} r${d.revision} pending ${d.pendingCount}`).join("; ");
      done(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${states})`));
    }, timeoutMs);
    for (const doc of docs) {
      for (const event of events) {
        offs.push(doc.on(event, check));
      }
    }
  });
}

/** A document's first snapshot. */
export async function opened(doc: LiveDocument): Promise<LiveDocument> {
  await until([doc], () => doc.revision >= 0 && doc.state === "connected", "the first snapshot");
  return doc;
}

/** `../shared/data/editing-traces` beside the repository, or PA_TRACES_DIR. */
export function tracesDirectory(): string {
  if (process.env.PA_TRACES_DIR) {
    return resolve(process.env.PA_TRACES_DIR);
  }

  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "data", "editing-traces");
    if (existsSync(candidate)) {
      return candidate;
    }
  }

  throw new Error("shared/data/editing-traces not found beside the repository: set PA_TRACES_DIR");
}

/** Whether the gateway's OpenAPI document declares an operation (routes some gateways do not have yet). */
let openApi: Promise<Record<string, Record<string, unknown>>> | null = null;
export async function serverHas(method: string, path: string): Promise<boolean> {
  openApi ??= fetch(`${baseUrl}/openapi/v1.json`).then(async (r) => ((await r.json()) as { paths: Record<string, Record<string, unknown>> }).paths);
  return (await openApi)[path]?.[method.toLowerCase()] !== undefined;
}
