/** The part of `date-holidays/data` (the package's raw calendars, exported untyped) we read. */
declare module "date-holidays/data" {
  /** A country's entry: its states or regions, by code. */
  interface CountryData {
    states?: Record<string, unknown>;
    regions?: Record<string, unknown>;
  }
  /** The calendars of every country, by ISO code. */
  export const data: { holidays: Record<string, CountryData> };
}
