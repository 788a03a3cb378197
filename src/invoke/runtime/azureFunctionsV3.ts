/**
 * The v3 programming model (function.json + `module.exports = async function (context, …)`), which the Azure
 * Functions Node worker ships and uses when an app sets no model of its own: `@azure/functions` 3.x, bundled to
 * dist/runtime/azureFunctionsV3.js and loaded by the Azure worker only for v3 functions (it is large, and v4
 * apps never need it).
 */
export { setup } from '@azure/functions-v3';
