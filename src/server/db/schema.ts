// Every table, for Drizzle's typed queries and drizzle-kit's migration generator.
export * from '../modules/identity/identity.schema.js';
export * from '../modules/audit/audit.schema.js';
export * from '../modules/accounts/accounts.schema.js';
export * from '../modules/custom-fields/custom-fields.schema.js';
export * from '../modules/views/views.schema.js';
export * from '../modules/imports/imports.schema.js';
export * from '../modules/leads/leads.schema.js';
export * from '../modules/leads/lead-rules.schema.js';
export * from '../modules/notifications/notifications.schema.js';
export * from '../jobs/jobs.schema.js';
