// The link people open: the token travels in the URL fragment, so it is never sent in a
// page request (nor logged by proxies); the app reads it and keeps it locally.
export function appLink(host: string, port: number, workbookId: string, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/w/${workbookId}#token=${token}`;
}

/** The same link from a request's origin (what the API answers with). */
export function appLinkFromOrigin(origin: string, workbookId: string, token: string): string {
  return `${origin}/w/${workbookId}#token=${token}`;
}
