// Which glossary entry is open, kept in the address (`?glossary=<anchor>`) so that an (i)
// link opened in a new tab opens the same workbook with the entry shown, inside the app.
import { createSignal } from 'solid-js';

const PARAM = 'glossary';
const valid = (a: string | null) => (a && /^glossary(-dashboard)?\.md#[A-Za-z0-9]+$/.test(a) ? a : null);
const [open, setOpen] = createSignal<string | null>(typeof location === 'undefined' ? null : valid(new URLSearchParams(location.search).get(PARAM)));

/** The open entry's anchor, or null. */
export const glossaryOpen = open;

function setParam(anchor: string | null) {
  const u = new URL(location.href);
  if (anchor) u.searchParams.set(PARAM, anchor);
  else u.searchParams.delete(PARAM);
  history.replaceState(history.state, '', u.pathname + u.search + u.hash);
}

export function openGlossary(anchor: string) {
  if (!valid(anchor)) return;
  setOpen(anchor);
  setParam(anchor);
}

export function closeGlossary() {
  setOpen(null);
  setParam(null);
}

/** The address of an entry in this workbook (for the (i) links: a new tab opens it in the app). */
export function glossaryHref(anchor: string): string {
  const u = new URL(location.href);
  u.searchParams.set(PARAM, anchor);
  u.hash = '';
  return u.pathname + u.search;
}
