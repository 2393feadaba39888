// picomatch ships no types: the part nbx uses (a matcher, and scan() to split a glob into its static base and the rest).
declare module 'picomatch' {
  interface ScanResult {
    base: string;
    glob: string;
    isGlob: boolean;
  }
  interface Picomatch {
    (glob: string, options?: { dot?: boolean }): (file: string) => boolean;
    scan(pattern: string): ScanResult;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
