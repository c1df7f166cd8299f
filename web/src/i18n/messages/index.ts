import type { Locale } from '../locale.ts';
import en from './en.ts';
import zhCN, { type MessageSchema } from './zh-CN.ts';

export type { MessageSchema };

export const MESSAGES: Readonly<Record<Locale, MessageSchema>> = Object.freeze({ 'zh-CN': zhCN, en });

/** Every message path, e.g. 'province.total'. vue-i18n's own t() accepts any string. */
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Paths<MessageSchema>;
