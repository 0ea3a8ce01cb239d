// CNPJ (Brazilian company registry number) with valid check digits, so that demo data
// passes the same checks a real CS team's imports would.

const W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** Formats `12.345.678/0001-95` from an 8-digit root (0…99,999,999) and a branch number (1…9999). */
export function formatCnpj(root: number, branch = 1): string {
  const body = String(root).padStart(8, '0') + String(branch).padStart(4, '0');
  const digits = [...body].map(Number);
  const d1 = checkDigit(digits, W1);
  const d2 = checkDigit([...digits, d1], W2);
  return `${body.slice(0, 2)}.${body.slice(2, 5)}.${body.slice(5, 8)}/${body.slice(8, 12)}-${d1}${d2}`;
}
