// A string in the two interface languages: the catalog carries its own labels and
// formula sentences, so the grid, the dashboard and the docs read one definition.
export interface Text { en: string; 'pt-BR': string }
export const T = (en: string, pt: string): Text => ({ en, 'pt-BR': pt });
