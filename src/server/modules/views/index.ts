export { registerViewRoutes } from './views.routes.js';
export { savedViews } from './views.schema.js';
