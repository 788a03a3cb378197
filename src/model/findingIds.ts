/**
 * The ids of findings the model itself reports while reading a file (before any validation rule runs). With
 * the rules' ids (`allRules`) they are every id a finding can carry; each has its page `docs/rules/<id>.md`.
 */
export const modelFindingIds = [
  'yaml-syntax',
  'yaml-too-complex',
  'file-too-large',
  'binary-file',
  'config-shape',
  'alexa-skill-without-id',
  'config-not-static',
  'functions-not-static',
  'provider-not-aws',
  'internal-error',
  'samconfig-syntax',
] as const;

export type ModelFindingId = (typeof modelFindingIds)[number];
