/**
 * The API key of the server student. Never in the URL, an export, the store (whose state goes
 * into IndexedDB sessions) or a cache key: it lives in this module's memory, and in this tab's
 * sessionStorage only when the user asks for it (then it survives a reload of the tab, and any
 * script on this page can read it until the tab closes — the run panel says so).
 */
const STORAGE_KEY = 'rsr-lens-server-key';

function stored(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

let key = stored();

/** The key to send, or '' for none. */
export function serverKey(): string {
  return key;
}

/** Whether the key is kept in sessionStorage for this tab. */
export function isServerKeyRemembered(): boolean {
  return stored() !== '';
}

/** A new key; `remember` keeps it in this tab's sessionStorage, otherwise it is removed from there. */
export function serverKeyChanged(value: string, remember: boolean): void {
  key = value;
  try {
    if (remember && value) sessionStorage.setItem(STORAGE_KEY, value);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode, a sandbox): the key stays in memory only.
  }
}
