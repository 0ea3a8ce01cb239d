// The link this page was opened with (set once by main.tsx) and, in a version preview, the
// version shown. The workspace UI (Share, Activity, Versions, row history) reads it.
import { createSignal } from 'solid-js';
import type { SyncSession } from '../session/sync.js';
import type { VersionInfo } from './api.js';

export interface WorkspaceSession {
  token: string | null;
  role: 'owner' | 'editor' | 'viewer' | null;
  name: string | null;
}

const [session, setSession] = createSignal<WorkspaceSession>({ token: null, role: null, name: null });
export { session as workspaceSession };
export const setWorkspaceSession = (s: WorkspaceSession) => setSession(s);

export interface Preview { info: VersionInfo; data: Uint8Array }
let preview: Preview | null = null;
/** Set by preview-main.ts before the app starts: the app then shows this version read-only. */
export const setPreview = (p: Preview) => { preview = p; };
export const currentPreview = () => preview;

/** A preview has no server and no local copy: a constant, offline-looking session. */
export function previewSync(): SyncSession {
  const [state] = createSignal<'offline'>('offline');
  const [none] = createSignal<null>(null);
  // Nothing is kept locally for a preview, by design (not a storage refusal: no banner).
  return { state, unconfirmed: none, refused: none, localLoaded: Promise.resolve(), localAvailable: none, localName: Promise.resolve(null), firstSynced: new Promise<void>(() => {}), provider: null, awareness: null, destroy() {} };
}
