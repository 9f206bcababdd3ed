/** A path segment from a caller's id, escaped so it can never change the route. */
export const seg = (value: string): string => encodeURIComponent(value);
