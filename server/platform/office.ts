import type ExcelJSModule from 'exceljs';
import { AppError } from './errors.ts';

/**
 * ExcelJS and docx hold ~26 MB of heap once loaded, in every server process, while most requests
 * never write a file: they load on first use (performance.md §5.2 #5). Import the types statically
 * (`import type ExcelJS from 'exceljs'`) and the code through these.
 */
let excel: Promise<typeof ExcelJSModule> | null = null;
export function loadExcel(): Promise<typeof ExcelJSModule> {
  excel ??= import('exceljs').then((m) => ((m as { default?: typeof ExcelJSModule }).default ?? m) as typeof ExcelJSModule);
  return excel;
}

/** The text of a cell whatever Excel stored: numbers (codes typed as numbers), rich text, formulas, dates. */
export function cellText(v: ExcelJSModule.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJSModule.CellValue);
  }
  return '';
}

/** An uploaded .xlsx opened, or a 4xx naming the `file` field when it is not one. */
export async function openUploadedWorkbook(data: Buffer): Promise<ExcelJSModule.Workbook> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw new AppError('UNSUPPORTED_FILE', [{ field: 'file', key: 'import_file_invalid' }]);
  }
  return wb;
}
