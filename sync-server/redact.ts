// What the server may log of a request URL: the path, never the query (tokens travel there:
// browsers cannot set headers on websockets). Works on any request line, even one that no
// URL parser accepts (absolute-form with a bad port, garbage).
export function safePath(raw: string | undefined): string {
  if (!raw) return '/';
  const cut = raw.split(/[?#]/, 1)[0];
  // Absolute-form ("http://host:port/path"): keep the path only, the authority may be anything.
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(cut);
  const path = abs ? abs[1] ?? '/' : cut;
  return path.length > 200 ? path.slice(0, 200) + '…' : path;
}
