export { registerCustomFieldRoutes } from './custom-fields.routes.js';
export { listCustomFieldDefs, validateCustomValues, cleanCustomValues, type CustomFieldDef, type CustomEntity } from './custom-fields.service.js';
export { customFieldDefs } from './custom-fields.schema.js';
