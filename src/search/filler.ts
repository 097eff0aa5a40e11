/**
 * Words that carry the grammar of a question rather than its topic: "how do I …", "should we …",
 * "… vs …". A query with content words is searched on those alone (query.ts), and these words
 * hold no place between words when proximity is measured (rank.ts), as stop words do not.
 *
 * Where the list comes from: the closed-class (function-word) part of the common English stop
 * lists (NLTK's and Snowball's): question words, auxiliary and modal verbs in the finite forms
 * that open a question, personal pronouns and their possessives, articles and demonstratives,
 * conjunctions and the plain prepositions; plus "vs"/"versus" (a conjunction in effect) and a few
 * discourse adverbs people pad questions with. Left out on purpose, although those lists have
 * them: negations ("not", "no", "without", "don't"), which turn a query around; quantity and
 * comparison words ("same", "more", "too", "only"), which are often the point; the -ing and -en
 * forms of be, have and do ("being the bottleneck", "doing the work"), which are main verbs or
 * gerunds heading a topic far more often than question grammar; and particles of phrasal verbs
 * ("up", "out", "off", "over"), since "burn out" and "hand off" are topics. Indexing is unchanged: these words stay
 * searchable when a query holds nothing else, or quotes them.
 */
// biome-ignore format: grouped by word class, one class a line
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  "what", "which", "who", "whom", "whose", "why", "how", "when", "where",
  "am", "is", "are", "was", "were", "be", "have", "has", "had", "do", "does", "did", "can",
  "could", "shall", "should", "will", "would", "may", "might", "must",
  "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
  "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it",
  "its", "itself", "they", "them", "their", "theirs", "themselves",
  "a", "an", "the", "this", "that", "these", "those",
  "and", "or", "but", "if", "because", "as", "while", "so",
  "about", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with",
  "vs", "versus",
  "actually", "really", "basically", "just",
]);
