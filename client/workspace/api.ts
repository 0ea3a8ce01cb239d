// The workspace API (/api/v1) as the app calls it: the link's token as a Bearer token, JSON
// in and out, errors as ApiFailure with the server's code (translated by the caller).
export type Role = 'owner' | 'editor' | 'viewer';

export interface WorkbookInfo { id: string; name: string; createdAt: number; createdBy: string; archivedAt: number | null }
export interface LinkInfo {
  id: string; workbookId: string; name: string; role: Role; createdAt: number; createdBy: string;
  expiresAt: number; lastUsedAt: number | null; revokedAt: number | null;
}
export interface NewLink { link: LinkInfo; token: string; url: string }
export interface FieldChange { field: string; old: unknown; new: unknown }
export interface HistoryEntry {
  id: number; workbookId: string; at: number; by: string; table: string; row: string;
  kind: 'insert' | 'update' | 'remove' | 'settings' | 'bulk'; changes: FieldChange[]; count?: number; note?: string;
}
export interface VersionInfo { id: number; workbookId: string; name: string; kind: 'daily' | 'named'; day: string | null; at: number; by: string; bytes: number }
export interface RestorePlan {
  inserts: number; updates: number; settings: boolean;
  removes: { table: string; id: string; label: string }[];
  skipped?: { table: string; id: string; message: string }[];
  savedBefore?: VersionInfo;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) { super(message); }
}

export interface WorkspaceApi {
  listWorkbooks(): Promise<WorkbookInfo[]>;
  createWorkbook(name: string): Promise<{ workbook: WorkbookInfo; link: NewLink }>;
  updateWorkbook(wb: string, patch: { name?: string; archived?: boolean }): Promise<WorkbookInfo>;
  listLinks(wb: string): Promise<LinkInfo[]>;
  createLink(wb: string, body: { name: string; role: Role; expiresInDays: number }): Promise<NewLink>;
  revokeLink(wb: string, id: string): Promise<void>;
  history(wb: string, q: { table?: string; row?: string; by?: string; since?: string; until?: string; limit?: number; before?: number }): Promise<{ entries: HistoryEntry[]; authors: string[] }>;
  listVersions(wb: string): Promise<VersionInfo[]>;
  saveVersion(wb: string, name: string): Promise<VersionInfo>;
  versionData(wb: string, v: number): Promise<Uint8Array>;
  restore(wb: string, v: number, body: { dryRun?: boolean; confirmRemovals?: boolean | string[] }): Promise<RestorePlan>;
}

export function workspaceApi(token: string, base = '/api/v1'): WorkspaceApi {
  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiFailure(0, 'offline', (e as Error).message);
    }
    if (res.ok) return res;
    let err: { code?: string; message?: string; details?: unknown } = {};
    try {
      err = ((await res.json()) as { error?: typeof err }).error ?? {};
    } catch { /* not JSON */ }
    throw new ApiFailure(res.status, err.code ?? 'http', err.message ?? res.statusText, err.details);
  }
  const json = async <T>(method: string, path: string, body?: unknown) => (await (await call(method, path, body)).json()) as T;
  const enc = encodeURIComponent;
  return {
    listWorkbooks: async () => (await json<{ workbooks: WorkbookInfo[] }>('GET', '/workbooks')).workbooks,
    createWorkbook: (name) => json('POST', '/workbooks', { name }),
    updateWorkbook: async (wb, patch) => (await json<{ workbook: WorkbookInfo }>('PATCH', `/workbooks/${enc(wb)}`, patch)).workbook,
    listLinks: async (wb) => (await json<{ links: LinkInfo[] }>('GET', `/workbooks/${enc(wb)}/links`)).links,
    createLink: (wb, body) => json('POST', `/workbooks/${enc(wb)}/links`, body),
    revokeLink: async (wb, id) => { await call('DELETE', `/workbooks/${enc(wb)}/links/${enc(id)}`); },
    history: (wb, q) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
      return json('GET', `/workbooks/${enc(wb)}/history?${p}`);
    },
    listVersions: async (wb) => (await json<{ versions: VersionInfo[] }>('GET', `/workbooks/${enc(wb)}/versions`)).versions,
    saveVersion: async (wb, name) => (await json<{ version: VersionInfo }>('POST', `/workbooks/${enc(wb)}/versions`, { name })).version,
    versionData: async (wb, v) => new Uint8Array(await (await call('GET', `/workbooks/${enc(wb)}/versions/${v}`)).arrayBuffer()),
    restore: (wb, v, body) => json('POST', `/workbooks/${enc(wb)}/versions/${v}/restore`, body),
  };
}
