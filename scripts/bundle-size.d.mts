export interface Part { file: string; gzip: number }
export interface Measured { js: number; css: number; parts: Part[] }
export function bundleSizes(dir: string): { panel: Measured; background: Measured };
