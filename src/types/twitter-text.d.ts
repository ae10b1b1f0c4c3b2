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
