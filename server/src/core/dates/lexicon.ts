// The date recognizer's word lists, as data (lexicon.json), in the shapes the grammar reads.

import data from './lexicon.json';

const set = (words: readonly string[]): ReadonlySet<string> => new Set(words);
const map = (o: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(o));

/** Lower-case prepositions that PDF extraction glues to a number ("on24 April2004"). */
export const GLUE_PREPOSITIONS = set(data.gluePrepositions);
/** Words after which a 5-7 digit token is a year with a glued footnote number ("in 199820"). */
export const FOOTNOTE_PREPOSITIONS = set(data.footnotePrepositions);
/** Words after which a number is a reference, not a year ("pp. 1998", "Resolution 1373"). */
export const REFERENCE_WORDS = set(data.referenceWords);
/** Words before a number that make a year below 1800 unlikely ("about 1500"). */
export const APPROXIMATORS = set(data.approximators);
/** Words after a number that make it a quantity ("2000 troops"). */
export const UNIT_WORDS = set(data.unitWords);
/** Qualifiers written right before the date: "early 2004", "late 1990s". */
export const LEADING_QUALIFIERS = set(data.leadingQualifiers);
export const SEASONS = set(data.seasons);
/** Nouns of "the end of 2000", "the summer of 1998". */
export const OF_NOUNS = set(data.ofNouns);
/** "the second half of the 1990s". */
export const PART_NOUNS = set(data.partNouns);
export const PART_ADJECTIVES = set(data.partAdjectives);
/** Month abbreviations that may take a period ("Sept."). */
export const MONTH_ABBREVIATIONS = set(data.monthAbbreviations);
/** Spelled-out ordinal days ("eighth", "twentieth"); "twenty-first" is a ten and a unit. */
export const ORDINAL_DAYS = map(data.ordinalDays);
export const ORDINAL_TENS = map(data.ordinalTens);
/** "nineteenth century". */
export const CENTURY_ORDINALS = map(data.centuryOrdinals);
export const UNIT_ORDINALS = map(data.unitOrdinals);
/** Era written after a year ("44 BC", "234 BCE") and before or after it ("AD 9", "88 CE"). */
export const ERAS_BEFORE_CHRIST = set(data.erasBefore);
export const ERAS_COMMON = set(data.erasAfter);
/** Words before a month name that make a yearless month ("in May") a date rather than a verb or a name. */
export const YEARLESS_LEADS = set(data.yearlessLeads);
export const FROM_CONNECTORS = set(data.rangeConnectorsAfterFrom);
