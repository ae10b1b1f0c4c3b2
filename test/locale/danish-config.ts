/** A Danish team: the brand posts in Danish, in Copenhagen time. */
export const DANISH_CONFIG = `brand:
  name: Nordlys Cykler
  locale: da-DK
  timezone: Europe/Copenhagen
  handles: { x: "@nordlyscykler", instagram: "@nordlyscykler" }
  hub_url: https://nordlys.example/status
  support_contact: kundeservice@nordlys.example
  media_contact: presse@nordlys.example
baselines: { mentions_per_hour: 100, negative_share: 20 }
`;
