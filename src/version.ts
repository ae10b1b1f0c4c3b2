/**
 * The crisis version. The build (scripts/build.js) and the test and bench configs define
 * __CRISIS_VERSION__ from package.json, so nothing reads package.json at run time.
 */
declare const __CRISIS_VERSION__: string;

export const VERSION: string = __CRISIS_VERSION__;

/**
 * The name crisis is published under on npm (the command stays `crisis`): what teams install, and
 * the folder under node_modules/ where its schemas and docs are found. test/package checks it
 * against package.json.
 */
export const PACKAGE_NAME = "crisis-cli";
