/** Message bodies for seeded history: 50-400 bytes of words drawn Zipf-like from a fixed list. */
const WORDS = (
  'the of and to in is for on that with as it by this be are from at or an was have not which more can will about ' +
  'meeting draft review agenda minutes charter working group chair proposal consensus issue ticket pull request merge ' +
  'release build server client protocol transport routing security privacy policy moderation archive search history ' +
  'federation bridge bot webhook calendar notification thread reply reaction upload download deploy rollback monitor ' +
  'latency throughput memory storage database index cache queue worker schedule backup restore export import retention ' +
  'volunteer community newcomer welcome conduct report warning mute kick ban appeal audit transparency accountability'
).split(' ');
/** Terms the search scenario queries: common (~1 in 20 messages), medium (~1 in 1,000), rare (~1 in 100,000). */
export const SEARCH_TERMS = { common: 'quorum', medium: 'heliotrope', rare: 'zanzibarite' };

export function seedBody(i: number, next: () => number): string {
  const target = 50 + Math.floor(next() * 350);
  const parts: string[] = [];
  if (i % 20 === 0) parts.push(SEARCH_TERMS.common);
  if (i % 1000 === 7) parts.push(SEARCH_TERMS.medium);
  if (i % 100000 === 77) parts.push(SEARCH_TERMS.rare);
  let len = parts.join(' ').length;
  while (len < target) {
    // Zipf-like: squaring a uniform favours the first words.
    const w = WORDS[Math.floor(next() ** 2 * WORDS.length)]!;
    parts.push(w);
    len += w.length + 1;
  }
  return parts.join(' ').slice(0, 400);
}
