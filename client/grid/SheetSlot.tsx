// Where the sheet on screen is shown: the deck's element for the current key (sheet-deck.ts).
import { createEffect, onCleanup, untrack } from 'solid-js';
import type { MakeSheet, SheetDeck } from './sheet-deck.js';

export function SheetSlot(props: { deck: SheetDeck; sheetKey: string; keep: boolean; make: MakeSheet }) {
  let slot!: HTMLDivElement;
  createEffect(() => {
    const key = props.sheetKey;
    untrack(() => slot.replaceChildren(props.deck.show(key, props.make, props.keep)));
  });
  onCleanup(() => {
    slot.replaceChildren();
    props.deck.hide();
  });
  return <div class="sheet-slot" ref={slot} />;
}
