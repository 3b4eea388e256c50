/**
 * Background entry. The webRequest capture that feeds the engine arrives with the capture issue;
 * until then the extension loads, and the engine ships as the `cors-lens` CLI.
 */
export {};
