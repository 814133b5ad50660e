// Character codes and character classes of the date recognizer. UTF-16 code units throughout
// (`String.prototype.charCodeAt`); -1 stands for "outside the text".

export const TAB = 9;
export const LF = 10;
export const VT = 0x0b;
export const FF = 0x0c;
export const CR = 13;
export const SPACE = 32;
export const HASH = 35; // #
export const DOLLAR = 36; // $
export const PERCENT = 37; // %
export const APOSTROPHE = 39; // '
export const LPAREN = 40; // (
export const RPAREN = 41; // )
export const PLUS = 43; // +
export const COMMA = 44; // ,
export const HYPHEN = 45; // -
export const PERIOD = 46; // .
export const SLASH = 47; // /
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const COLON = 58; // :
export const EQUALS = 61; // =
export const UPPER_A = 65;
export const UPPER_Z = 90;
export const BACKSLASH = 92;
export const UNDERSCORE = 95; // _
export const LOWER_A = 97;
export const LOWER_Z = 122;
/** OR-ing an ASCII letter with this gives its lower case. */
export const ASCII_CASE_BIT = 32;
export const NBSP = 0xa0;
export const POUND_SIGN = 0xa3; // £
export const YEN_SIGN = 0xa5; // ¥
export const SECTION_SIGN = 0xa7; // §
export const MULTIPLICATION_SIGN = 0xd7;
export const DIVISION_SIGN = 0xf7;
export const NUMERO_SIGN = 0x2116; // №
export const EURO_SIGN = 0x20ac;
export const RIGHT_SINGLE_QUOTE = 0x2019; // ’
export const PRIME = 0x2032; // ′
export const LINE_SEPARATOR = 0x2028;
export const PARAGRAPH_SEPARATOR = 0x2029;
export const NARROW_NBSP = 0x202f;
export const MEDIUM_MATH_SPACE = 0x205f;
export const IDEOGRAPHIC_SPACE = 0x3000;
export const BOM = 0xfeff;

// ASCII letters the grammar tests one by one (ordinal suffixes, "and"/"to"/"until", "www.", "1990s").
export const LOWER_D = 100;
export const LOWER_H = 104;
export const LOWER_N = 110;
export const LOWER_R = 114;
export const LOWER_S = 115;
export const LOWER_T = 116;
export const LOWER_U = 117;
export const LOWER_W = 119;
export const UPPER_W = 87;
export const UPPER_T = 84; // ISO date-time separator, "Tuesday"

export function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z);
}

export function isUpperAscii(c: number): boolean {
  return c >= UPPER_A && c <= UPPER_Z;
}

/** Letters of any script, roughly: enough to tell "word glued to a number" from punctuation. */
export function isLetterLike(c: number): boolean {
  if (c < 128) return isAsciiLetter(c);
  if (c < 0xc0) return false;
  if (c === MULTIPLICATION_SIGN || c === DIVISION_SIGN) return false;
  if (c < 0x2000) return true;
  if (c < 0x3040) return false; // punctuation, symbols, arrows, CJK punctuation
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates (emoji and other astral symbols)
  if (c >= 0xe000 && c <= 0xf8ff) return false; // private use
  if (c >= 0xfe00 && c <= 0xfe6f) return false;
  if (c >= BOM) return false;
  return true;
}

/** Horizontal white space: space, tab, no-break and the typographic spaces. */
export function isHSpace(c: number): boolean {
  return (
    c === SPACE || c === TAB || c === NBSP || c === VT || c === FF ||
    (c >= 0x2000 && c <= 0x200b) || c === NARROW_NBSP || c === MEDIUM_MATH_SPACE || c === IDEOGRAPHIC_SPACE || c === BOM
  );
}

export function isBreak(c: number): boolean {
  return c === LF || c === CR || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR;
}

export function isWhite(c: number): boolean {
  return isHSpace(c) || isBreak(c);
}

/** Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus. */
export function isDash(c: number): boolean {
  return c === HYPHEN || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2212;
}

export function isApostrophe(c: number): boolean {
  return c === APOSTROPHE || c === RIGHT_SINGLE_QUOTE || c === PRIME;
}

/** Separators of an all-numeric date: "10.04.2004", "12/12/2003", "3-4-2004". */
export function isNumericSeparator(c: number): boolean {
  return c === PERIOD || c === SLASH || c === HYPHEN;
}

/** Signs before a number that make it money or a reference, never a year. */
export function isCurrencyOrNumberSign(c: number): boolean {
  return (
    c === DOLLAR || c === EURO_SIGN || c === POUND_SIGN || c === YEN_SIGN || c === SECTION_SIGN ||
    c === PLUS || c === NUMERO_SIGN || c === HASH
  );
}
