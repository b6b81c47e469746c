import type ExcelJSModule from 'exceljs';

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
