export * from './schema/index.js';
export * from './errors/index.js';
export * from './client/index.js';
export * from './store/index.js';
