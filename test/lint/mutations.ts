/** The mutation corpus (filled below). */
export interface Mutation {
  rule: string;
}
export const MUTATIONS: Mutation[] = [];
