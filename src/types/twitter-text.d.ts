// twitter-text ships its counting function as a Babel-compiled CommonJS module without types.
declare module "twitter-text/dist/parseTweet.js" {
  interface ParsedTweet {
    weightedLength: number;
    valid: boolean;
    permillage: number;
  }
  const mod: { default: (text: string) => ParsedTweet } | ((text: string) => ParsedTweet);
  export default mod;
}

// The links twitter-text finds in a text (as parseTweet does), with their UTF-16 start and end.
declare module "twitter-text/dist/extractUrlsWithIndices.js" {
  type Extract = (text: string) => { url: string; indices: [number, number] }[];
  const mod: { default: Extract } | Extract;
  export default mod;
}
