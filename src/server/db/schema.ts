// Every table, for Drizzle's typed queries and drizzle-kit's migration generator.
export * from '../modules/identity/identity.schema.js';
export * from '../modules/audit/audit.schema.js';
export * from '../modules/accounts/accounts.schema.js';
export * from '../modules/custom-fields/custom-fields.schema.js';
export * from '../modules/views/views.schema.js';
export * from '../modules/imports/imports.schema.js';
