const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<![\d-])(0\d{2,3})[-\s]?\d{3,4}(\d{4})(?![\d-])/g;

/**
 * Masks every mobile and landline number in a text: 138****5678, 0751-****1234.
 * Used for group messages and for every log line.
 */
export function maskPhones(text: string): string {
  return text.replace(MOBILE_IN_TEXT, "$1****$2").replace(LANDLINE_IN_TEXT, "$1-****$2");
}
