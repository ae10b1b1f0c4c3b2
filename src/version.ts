/**
 * The crisis version. The build (scripts/build.js) and the test and bench configs define
 * __CRISIS_VERSION__ from package.json, so nothing reads package.json at run time.
 */
declare const __CRISIS_VERSION__: string;

export const VERSION: string = __CRISIS_VERSION__;
