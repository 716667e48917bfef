/**
 * One CSV cell, safe to open in a spreadsheet program: a cell that starts with a character
 * a spreadsheet reads as a formula (= + - @, tab, carriage return) gets a leading apostrophe
 * (OWASP CSV injection guidance), and a cell with a quote, comma or line break is quoted.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a BOM so that spreadsheet programs open Chinese text as UTF-8; CRLF line ends. */
export function toCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from('\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
