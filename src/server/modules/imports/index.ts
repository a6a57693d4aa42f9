export { registerImportRoutes } from './imports.routes.js';
export { previewImport, startImport, runImport, getImport, listImports, drainImports, type ImportRunView } from './imports.service.js';
export { allPages, exportRows, exportRowsToBuffer, escapeFormula, EXPORT_CONTENT_TYPES, type ExportColumn, type ExportFormat, type ExportFile } from './exports.service.js';
export { exportColumnsFor } from './exports.data.js';
export { importRuns, type ImportRowError } from './imports.schema.js';
export type { ImportEntity } from './imports.fields.js';
