import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvent } from '../../../src/events/catalogue';
import type { FunctionDef } from '../../../src/model/types';
import { carriesBody, placeholderBody } from '../../../src/events/eventContext';
import { requestBodyHint, sourceLanguage } from '../../../src/events/requestBody';
import { allHandlerTemplates } from '../../../src/patterns/handlers';
import { expandTemplate } from '../../../src/patterns/snippetText';

const repo = join(__dirname, '..', '..', '..');

describe('request body hints from the handler source', () => {
  test('the example createTodo: the body parsed as Partial<NewTodo>', () => {
    const source = readFileSync(join(repo, 'examples', 'todo-api', 'src', 'handlers', 'createTodo.ts'), 'utf8');
    assert.deepEqual(requestBodyHint(source, 'ts'), { typeName: 'NewTodo', body: { title: 'Sample title', due: '2026-01-15' } });
  });

  test('TypeScript: the type the body is parsed into wins over other declared types', () => {
    const source = `
interface Settings { verbose: boolean }
type Line = { sku: string; qty: number };
export interface CreateOrder {
  customerEmail: string;
  // a comment
  lines: Line[];
  shipping?: 'standard' | 'express';
  'gift-note'?: string | null;
  meta: { source: string };
  tags: Array<string>;
}
export const handler = async (event: APIGatewayProxyEvent) => {
  const order: CreateOrder = JSON.parse(event.body ?? '{}');
};`;
    assert.deepEqual(requestBodyHint(source, 'ts'), {
      typeName: 'CreateOrder',
      body: {
        customerEmail: 'jane@example.com',
        lines: [{ sku: 'Sample sku', qty: 1 }],
        shipping: 'standard',
        'gift-note': 'Sample gift-note',
        meta: { source: 'Sample source' },
        tags: ['Sample tag'],
      },
    });
    // A type guard names it too; Azure v4's `await request.json() as T` as well.
    assert.equal(requestBodyHint('interface A { a: string }\ninterface Body { b: number }\nfunction ok(v: unknown): v is Body { return true; }', 'ts')?.typeName, 'Body');
    assert.equal(requestBodyHint('type Ping = { at: string };\nconst p = (await request.json()) as Ping;', 'ts')?.typeName, 'Ping');
  });

  test('JSDoc: an object typedef or @property lines, named by @type', () => {
    const inline = '/** @typedef {{ title: string, done?: boolean }} NewTask */\n/** @type {Partial<NewTask>} */\nlet payload = JSON.parse(event.body);';
    assert.deepEqual(requestBodyHint(inline, 'js'), { typeName: 'NewTask', body: { title: 'Sample title', done: true } });
    const props = '/**\n * @typedef {Object} Signup\n * @property {string} email\n * @property {number} [age]\n */\nconst body = /** @type {Signup} */ (JSON.parse(event.body));';
    assert.deepEqual(requestBodyHint(props, 'js'), { typeName: 'Signup', body: { email: 'jane@example.com', age: 1 } });
  });

  test('Python: TypedDict, dataclass and pydantic models', () => {
    const typed = 'from typing import Literal, Optional, TypedDict\n\nclass Address(TypedDict):\n    city: str\n\nclass OrderRequest(TypedDict, total=False):\n    items: list[str]\n    shipping: Literal["standard", "express"]\n    address: Address\n    notes: Optional[str]\n\ndef handler(event, context):\n    order = OrderRequest(**json.loads(event["body"]))\n';
    assert.deepEqual(requestBodyHint(typed, 'python'), {
      typeName: 'OrderRequest',
      body: { items: ['Sample item'], shipping: 'standard', address: { city: 'Sample city' }, notes: 'Sample notes' },
    });
    const dataclass = '@dataclass\nclass Transfer:\n    amount: float\n    to_account_id: str = ""\n\ndef handler(event, context):\n    t = Transfer(**json.loads(event["body"]))\n';
    assert.deepEqual(requestBodyHint(dataclass, 'python')?.body, { amount: 1, to_account_id: '123' });
    const pydantic = 'class Item(BaseModel):\n    name: str\n    price: int | None = None\n\ndef handler(event, context):\n    item = Item.model_validate_json(event["body"])\n';
    assert.deepEqual(requestBodyHint(pydantic, 'python')?.body, { name: 'Sample name', price: 1 });
  });

  test('no hint: no declared type, or several with none tied to the body', () => {
    assert.equal(requestBodyHint('export const handler = async (event) => ({ statusCode: 200 });', 'js'), undefined);
    assert.equal(requestBodyHint('interface A { a: string }\ninterface B { b: string }\nexport const handler = async () => ({});', 'ts'), undefined);
    // One type named like a request is taken even when the source does not parse into it visibly.
    assert.equal(requestBodyHint('interface A { a: string }\ninterface UpdateUserRequest { name: string }', 'ts')?.typeName, 'UpdateUserRequest');
    assert.equal(requestBodyHint('x'.repeat(600 * 1024), 'ts'), undefined);
    assert.equal(sourceLanguage('src/app.mts'), 'ts');
    assert.equal(sourceLanguage('fn/Function.cs'), undefined);
  });

  test('every HTTP pattern handler shows the type of the body it checks, and the field it checks is in the sample', () => {
    const apis = allHandlerTemplates().filter((t) => t.pattern === 'api' && t.template.language !== 'csharp');
    assert.ok(apis.length >= 5, `${apis.length} api handlers`);
    for (const { platform, template } of apis) {
      const text = expandTemplate(template.body);
      const language = template.language === 'python' ? 'python' : template.language;
      const hint = requestBodyHint(text, language as 'ts' | 'js' | 'python');
      assert.ok(hint, `${platform} ${template.language}: no body hint`);
      const checked = /non-empty \\?"(\w+)\\?"/.exec(text)?.[1];
      assert.ok(checked && typeof hint.body[checked] === 'string' && (hint.body[checked] as string).trim(), `${platform} ${template.language}: ${JSON.stringify(hint.body)} lacks "${checked}"`);
    }
  });

  test('events carry the hinted body instead of the placeholder', () => {
    const hinted = generateEvent('apigateway-http', { body: { title: 'x' } }) as { body?: string };
    assert.equal(hinted.body, undefined, 'GET (the default method) has no body');
    const post = { type: 'httpApi' as const, sourceType: 'httpApi', range: r(), typeRange: r(), config: { method: { value: 'POST', range: r() }, path: { value: '/todos', range: r() } } };
    const fn = { triggers: [post] } as unknown as FunctionDef;
    const withBody = generateEvent('apigateway-http', { fn, trigger: post, body: { title: 'x' } });
    assert.ok(carriesBody(withBody, { title: 'x' }));
    assert.ok(carriesBody(generateEvent('apigateway-http', { fn, trigger: post }), placeholderBody));
    assert.ok(carriesBody(generateEvent('azure-http', { trigger: { ...post, config: { methods: { value: ['post'], range: r() } } }, body: { title: 'x' } }), { title: 'x' }));
  });
});

function r(): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
