import { join } from 'node:path';

/** The vendored real-world corpora (test/corpus/README.md): public projects nobody here wrote. */
export const corpusRoot = join(__dirname, '..', '..', 'corpus');
/** serverless/examples with handler sources: 191 serverless.yml (MIT). */
export const serverlessExamples = join(corpusRoot, 'serverless-examples');
/** Half of aws-samples/serverless-patterns: SAM/CloudFormation templates, serverless.yml, handlers (MIT-0). */
export const serverlessPatterns = join(corpusRoot, 'serverless-patterns');
