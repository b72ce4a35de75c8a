export { createIndexedDbCache, type IndexedDbCacheOptions } from './indexed-db-cache.js';
