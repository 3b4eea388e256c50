export interface ZipInput { name: string; data: Uint8Array | string; executable?: boolean }
export interface ZipEntry {
  name: string; method: number; crc: number; compressedSize: number; size: number;
  time: number; date: number; flags: number; mode: number; data: Buffer;
}
export function defaultDate(env?: Record<string, string | undefined>): Date;
export function crc32(buf: Uint8Array): number;
export function tableCrc32(buf: Uint8Array): number;
export function checkEntryName(name: string): string;
export function writeZip(files: ZipInput[], options?: { date?: Date }): Buffer;
export function readZip(buf: Buffer): ZipEntry[];
