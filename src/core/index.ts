export * from './types.js';
export * from './errors.js';
export * from './bus.js';
export * from './logger.js';
