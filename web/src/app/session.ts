import { LocalStorageTokenStore, PaClient } from "@powerautomation/client";

/** The one API client of this tab: same origin, tokens kept in localStorage so a reload stays signed in. */
export const client = new PaClient({ baseUrl: "", tokens: new LocalStorageTokenStore() });

export interface Me { userId: string; email: string; displayName: string; roles: string[]; edition: string; emailVerified?: boolean; }

let current: Promise<Me> | null = null;

/** The signed-in user, fetched once per sign-in (call `refreshMe` after something changes it, like a licence). */
export function me(): Promise<Me> {
  current ??= (client.me() as Promise<Me>).catch((error) => { current = null; throw error; });
  return current;
}

export function refreshMe(): Promise<Me> {
  current = null;
  return me();
}

client.onAuthChange(() => { current = null; });

/** A stable id for this browser, used when a licence is activated on it as a device. */
export function deviceId(): string {
  const key = "pa.deviceId";
  let id = localStorage.getItem(key);
  if (!id) {
    id = "browser-" + crypto.randomUUID();
    localStorage.setItem(key, id);
  }
  return id;
}

/** A session id per editor tab and document, kept across reloads of that tab so a reconnect resumes. */
export function editorSession(documentId: string): string {
  const key = `pa.session.${documentId}`;
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(key, id);
  }
  return id;
}
