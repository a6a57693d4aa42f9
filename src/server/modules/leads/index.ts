// The lead rules other modules, services, jobs and routes may use. Pure: no database, no I/O, time is a parameter.
export * from './leads.text.js';
export * from './leads.scoring.js';
export * from './leads.routing.js';
export * from './leads.sla.js';
export * from './leads.recycle.js';
export * from './leads.claim.js';
export * from './leads.conflict.js';
export { registerLeadRoutes } from './leads.routes.js';
export { registerFormPage } from './forms.routes.js';
export { captureLeads, createLead, type CaptureOutcome, type CaptureContext } from './capture.service.js';
export { leads, leadTouches, leadOwnership } from './leads.schema.js';
export { exportLeads } from './leads.export.js';
