// The app's addresses: `/w/<workbook>` (sheets and dashboard) and
// `/w/<workbook>/c/<customerId>` (a customer's page). The query (?asOf=, dashboard filters)
// and the fragment (#token=…) are carried along untouched. Pure, so it is unit-tested.

export interface Route {
  workbook: string;
  /** The customer whose page is open, or null. */
  customer: string | null;
}

const WORKBOOK = '[A-Za-z0-9_-]{1,64}';
const PATH = new RegExp(`^/w/(${WORKBOOK})(?:/c/([^/]{1,200}))?/?$`);

/** The route of a pathname, or null when it is not one of the app's addresses. */
export function routeOf(pathname: string): Route | null {
  const m = PATH.exec(pathname);
  if (!m) return null;
  if (m[2] === undefined) return { workbook: m[1], customer: null };
  try {
    const id = decodeURIComponent(m[2]);
    return id ? { workbook: m[1], customer: id } : null;
  } catch {
    return null; // a malformed escape in a hand-edited link
  }
}

/** The path of a route. */
export function pathOf(r: Route): string {
  return r.customer === null ? `/w/${r.workbook}` : `/w/${r.workbook}/c/${encodeURIComponent(r.customer)}`;
}
