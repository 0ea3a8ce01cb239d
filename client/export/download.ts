// Hands a file to the browser's download (an object URL on a temporary link).
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv;charset=utf-8';

/** "pulso-customers-2026-06-15": a file name people can sort. */
export function fileStem(what: string, asOf: string): string {
  return `pulso-${what.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${asOf}`;
}
