// esbuild bundles these files as strings (build.mjs: loader "text").
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.svg" {
  const text: string;
  export default text;
}
