/** Escapes LIKE's wildcards (and its escape character) so user text and stored paths match literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
