export { ExportError } from './ExportError.js';
export type { ExportRoom, ExportUser, HipChatExport } from './HipChatExport.js';
export { readHipChatExport } from './readHipChatExport.js';
