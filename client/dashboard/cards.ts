// The dashboard's cards come from core's catalog (core/catalog/figures.ts: field, unit,
// group, labels, formula, glossary anchor, drill rule). This module only reads values.
import { figureCards, figureGroups, type Dashboard, type FigureCard, type FigureGroup } from '../../core/index.js';

export type Group = FigureGroup;
export const groups: Group[] = figureGroups;
export type CardDef = FigureCard;
export const cards: readonly CardDef[] = figureCards;

/** The object a nested card belongs to (`tickets` for `tickets.opened`), null for top-level fields. */
export const parentOf = (field: string): string | null => (field.includes('.') ? field.slice(0, field.indexOf('.')) : null);

/** The raw number behind a card: null when the metric is undefined; id lists count their ids. */
export function cardValue(d: Dashboard, field: string): number | null {
  let v: unknown = d;
  for (const k of field.split('.')) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[k];
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Glossary anchor of a card: the dashboard glossary's `### <top-level field>` heading. */
export const glossaryAnchor = (field: string) => `glossary-dashboard.md#${(parentOf(field) ?? field).toLowerCase()}`;
