/**
 * AWS Lambda runtimes: the one dated table every runtime rule reads. Checked on 2026-11-29.
 *
 * Sources: docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (supported and deprecated tables),
 * as quoted in aws-cloudformation/cfn-lint#4531 and #4532 (2026-06-02: AWS moved many block dates to
 * 2027-02-01 / 2027-03-03, including nodejs20.x, and extended java8.al2/java11/java17/python3.11 by a year);
 * AWS Health notice for provided.al2 (deprecation 2026-07-31, quoted in awslabs/ssosync#297);
 * .NET dates from endoflife.ai's AWS Lambda .NET table; python3.9 (deprecated 2025-12-15, blocks
 * 2027-02-01 / 2027-03-03) from re:Post; nodejs18.x deprecated 2025-09-01 (AWS table, cfn-lint#4249).
 *
 * `updateBlocked` is filled only where the date is verified and long past; where AWS has moved block dates
 * (they reopened several in 2026) and the current date could not be verified, it is left out, so the rule
 * warns instead of raising an error that might be false.
 */
export interface RuntimeInfo {
  id: string;
  family: RuntimeFamilyName;
  /** The date AWS deprecated (or will deprecate) it, `YYYY-MM-DD`. */
  deprecated?: string;
  /** The date AWS blocks function updates: from then on a deploy fails. */
  updateBlocked?: string;
}

export type RuntimeFamilyName = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'provided';

/** The newest runtime of each family: what a deprecated runtime should move to. */
export const newestRuntime: Record<RuntimeFamilyName, string> = {
  nodejs: 'nodejs24.x',
  python: 'python3.14',
  java: 'java25',
  dotnet: 'dotnet10',
  ruby: 'ruby3.4',
  go: 'provided.al2023',
  provided: 'provided.al2023',
};

const r = (id: string, family: RuntimeFamilyName, deprecated?: string, updateBlocked?: string): RuntimeInfo => ({ id, family, deprecated, updateBlocked });

export const runtimeTable: RuntimeInfo[] = [
  // Supported.
  r('nodejs24.x', 'nodejs'),
  r('nodejs22.x', 'nodejs', '2027-04-30'),
  r('nodejs20.x', 'nodejs', '2026-04-30'),
  r('python3.14', 'python'),
  r('python3.13', 'python'),
  r('python3.12', 'python'),
  r('python3.11', 'python', '2027-06-30'),
  r('python3.10', 'python', '2026-06-30'),
  r('java25', 'java'),
  r('java21', 'java'),
  r('java17', 'java', '2027-06-30'),
  r('java11', 'java', '2027-06-30'),
  r('java8.al2', 'java', '2027-06-30'),
  r('dotnet10', 'dotnet'),
  r('dotnet9', 'dotnet', '2026-11-10'),
  r('dotnet8', 'dotnet', '2026-11-10'),
  r('ruby4.0', 'ruby'),
  r('ruby3.4', 'ruby'),
  r('ruby3.3', 'ruby', '2027-03-31'),
  r('ruby3.2', 'ruby', '2026-03-31'),
  r('provided.al2023', 'provided'),
  r('provided.al2', 'provided', '2026-07-31'),
  // Deprecated; block dates not verified after AWS's 2026 extensions, so warnings.
  r('nodejs18.x', 'nodejs', '2025-09-01'),
  r('nodejs16.x', 'nodejs', '2024-06-12'),
  r('nodejs14.x', 'nodejs', '2023-12-04'),
  r('python3.9', 'python', '2025-12-15'),
  r('python3.8', 'python', '2024-10-14'),
  r('python3.7', 'python', '2023-12-04'),
  r('dotnet6', 'dotnet', '2024-12-20'),
  r('ruby2.7', 'ruby', '2023-12-07'),
  r('java8', 'java', '2024-01-08'),
  r('go1.x', 'go', '2024-01-08'),
  r('provided', 'provided', '2024-01-08'),
  // Retired: updates blocked for years.
  r('nodejs12.x', 'nodejs', '2023-03-31', '2023-04-30'),
  r('nodejs10.x', 'nodejs', '2021-07-30', '2022-02-14'),
  r('nodejs8.10', 'nodejs', '2020-03-06', '2020-03-06'),
  r('nodejs6.10', 'nodejs', '2019-08-12', '2019-08-12'),
  r('nodejs4.3-edge', 'nodejs', '2020-03-05', '2019-04-30'),
  r('nodejs4.3', 'nodejs', '2020-03-05', '2020-03-05'),
  r('nodejs', 'nodejs', '2016-10-31', '2016-10-31'),
  r('python3.6', 'python', '2022-07-18', '2022-08-29'),
  r('python2.7', 'python', '2021-07-15', '2022-05-30'),
  r('ruby2.5', 'ruby', '2021-07-30', '2022-03-31'),
  r('dotnetcore3.1', 'dotnet', '2023-04-03', '2023-05-03'),
  r('dotnetcore2.1', 'dotnet', '2022-01-05', '2022-04-13'),
  r('dotnetcore2.0', 'dotnet', '2019-05-30', '2019-05-30'),
  r('dotnetcore1.0', 'dotnet', '2019-06-27', '2019-07-30'),
];

const byId = new Map(runtimeTable.map((x) => [x.id, x]));

export function runtimeInfo(id: string): RuntimeInfo | undefined {
  return byId.get(id);
}

/**
 * An identifier shaped like a runtime newer than this table knows (`nodejs26.x`, `python3.15`): AWS adds
 * runtimes every year, so such a name is not called unknown.
 */
export function looksLikeNewerRuntime(id: string): boolean {
  const node = /^nodejs(\d+)\.x$/.exec(id);
  if (node) return Number(node[1]) > 24;
  const py = /^python3\.(\d+)$/.exec(id);
  if (py) return Number(py[1]) > 14;
  const java = /^java(\d+)$/.exec(id);
  if (java) return Number(java[1]) > 25;
  const dotnet = /^dotnet(\d+)$/.exec(id);
  if (dotnet) return Number(dotnet[1]) > 10;
  const ruby = /^ruby(\d+)\.(\d+)$/.exec(id);
  if (ruby) return Number(ruby[1]) * 100 + Number(ruby[2]) > 400;
  return false;
}
