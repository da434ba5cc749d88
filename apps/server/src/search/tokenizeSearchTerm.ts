/**
 * At most this many words of a search term are used; the rest only narrow the match further.
 * (The term itself is bounded by the contract, `MAX_SEARCH_TERM_LENGTH` in `@parley/api`.)
 */
export const MAX_SEARCH_TOKENS = 20;

/**
 * The words of a search term, lowercased: runs of letters and digits (with the
 * combining marks that follow a letter), so nothing in a term reaches the FTS5 or
 * tsquery syntax as an operator. Punctuation, quotes, `*`, `(` and the like are
 * separators; `AND`, `NEAR` and other operator words become plain (quoted) words.
 * An empty list means the term cannot match anything.
 */
export function tokenizeSearchTerm(term: string): string[] {
  const words =
    term
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_TOKENS);
}
