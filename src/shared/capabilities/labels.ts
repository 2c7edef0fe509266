/** A text every user may see, in both languages (zh-CN first). */
export interface Labels { 'zh-CN': string; 'en-US': string }
/** Codes (permission codes, audit action codes) with their labels. */
export type LabelMap = Record<string, Labels>;
