/**
 * Locks in `defineWorkflow`'s inference (CONVENTIONS 15). The `expectTypeOf` lines are checked at
 * compile time by `npm run typecheck` (tsc covers test files), and every `@ts-expect-error` line must
 * fail to compile, so a regression in sdk.ts's types fails CI even though these lines do nothing at
 * run time. The runtime assertions at the end cover the load-time checks of a definition.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OktaUser } from '../okta/index.ts';
import {
  defineWorkflow,
  WorkflowDefinitionError,
  z,
  type ApprovalDecision,
  type Workflow,
  type WorkflowContext,
  type WorkflowDefinition,
  type WorkflowInput,
  type WorkflowOutput,
} from './sdk.ts';

const inputSchema = z.object({
  user: z.string().describe('Login or id of the user'),
  days: z.number().int().default(7),
  note: z.string().optional(),
});

/** A valid definition, spread into the variants below. */
const base = {
  id: 'grant-app',
  title: 'Grant an app',
  description: 'Assigns an app for a while.',
  examples: ['give jane@acme.com Figma for 7 days'],
  input: inputSchema,
  access: 'team' as const,
};

const grant = defineWorkflow({
  ...base,
  async run(ctx, input) {
    // `run`'s input is the schema's output: `.default()` makes `days` present, `.optional()` keeps `note` optional.
    expectTypeOf(input).toEqualTypeOf<{ user: string; days: number; note?: string | undefined }>();
    expectTypeOf(input.days).toEqualTypeOf<number>();
    expectTypeOf(input.note).toEqualTypeOf<string | undefined>();
    expectTypeOf(ctx).toEqualTypeOf<WorkflowContext>();

    // ctx.step returns what the callback returns (sync or async).
    const looked = await ctx.step('look-up', () => ({ id: '00u1', groups: ['a', 'b'] }));
    expectTypeOf(looked).toEqualTypeOf<{ id: string; groups: string[] }>();
    const count = await ctx.step('count', async () => 3);
    expectTypeOf(count).toEqualTypeOf<number>();
    const nothing = await ctx.step('side-effect', async () => {});
    expectTypeOf(nothing).toEqualTypeOf<void>();

    // A step may not return a function or a Date (neither survives the journal).
    // @ts-expect-error a function is not JSON
    await ctx.step('bad-fn', () => () => 1);
    // @ts-expect-error a Date is not JSON (return its ISO string)
    await ctx.step('bad-date', () => new Date());

    const decision = await ctx.waitForApproval('manager', { approvers: ['boss@acme.com'], reason: 'needs Figma', timeout: '2d' });
    expectTypeOf(decision).toEqualTypeOf<ApprovalDecision | null>();
    expectTypeOf(ctx.waitForApproval).returns.toEqualTypeOf<Promise<ApprovalDecision | null>>();
    // @ts-expect-error an approval request needs a reason
    await ctx.waitForApproval('no-reason', { approvers: ['boss@acme.com'] });

    expectTypeOf(ctx.okta.users.get).returns.toEqualTypeOf<Promise<OktaUser>>();
    expectTypeOf(ctx.okta.users.get).parameters.toEqualTypeOf<[idOrLogin: string]>();

    return { granted: input.user, days: input.days, approved: decision?.approved ?? false };
  },
});

describe('defineWorkflow inference (compile time)', () => {
  it('infers the workflow type from the schema and run', () => {
    expectTypeOf(grant).toMatchTypeOf<Workflow<typeof inputSchema, { granted: string; days: number; approved: boolean }>>();
    expectTypeOf(grant.input).toEqualTypeOf<typeof inputSchema>();
    expectTypeOf(grant.kind).toEqualTypeOf<'gatehouse.workflow'>();
  });

  it('WorkflowInput is the schema input type (defaults optional), WorkflowOutput the run result', () => {
    expectTypeOf<WorkflowInput<typeof grant>>().toEqualTypeOf<{ user: string; days?: number | undefined; note?: string | undefined }>();
    expectTypeOf<WorkflowInput<typeof grant>>().toEqualTypeOf<z.input<typeof inputSchema>>();
    expectTypeOf<WorkflowOutput<typeof grant>>().toEqualTypeOf<{ granted: string; days: number; approved: boolean }>();

    const _silent = defineWorkflow({ ...base, id: 'silent', async run() {} });
    expectTypeOf<WorkflowOutput<typeof _silent>>().toEqualTypeOf<void>();
    expectTypeOf<WorkflowInput<string>>().toEqualTypeOf<never>();
  });

  it('rejects run results that are not JSON', () => {
    class Holder {
      at = new Date();
    }
    // @ts-expect-error a run may not return a function
    defineWorkflow({ ...base, run: async () => () => 'nope' });
    // @ts-expect-error a run may not return a class instance holding a Date
    defineWorkflow({ ...base, run: async () => new Holder() });
    // @ts-expect-error nor an object literal holding a Date
    defineWorkflow({ ...base, run: async () => ({ at: new Date() }) });
    // @ts-expect-error run must return a promise
    defineWorkflow({ ...base, run: () => ({ ok: true }) });
    // JSON (and undefined properties, dropped when journaled) is fine.
    defineWorkflow({ ...base, run: async () => ({ at: new Date(0).toISOString(), list: [1, 'two', null], gone: undefined }) });
  });

  it('rejects unknown access values and mistyped definitions', () => {
    // Compile-time only: these definitions would (rightly) throw WorkflowDefinitionError if called.
    const _neverCalled = () => {
      // @ts-expect-error access is 'anyone' | 'team'
      defineWorkflow({ ...base, access: 'everyone', run: async () => null });
      // @ts-expect-error the input must be a zod schema
      defineWorkflow({ ...base, input: { user: 'string' }, run: async () => null });
      // @ts-expect-error run's input is the schema output: there is no `login`
      defineWorkflow({ ...base, run: async (_ctx, input) => input.login });
      // @ts-expect-error an event trigger needs events
      defineWorkflow({ ...base, trigger: { type: 'event', source: 'okta' }, run: async () => null });
      // @ts-expect-error unknown trigger type
      defineWorkflow({ ...base, trigger: { type: 'cron', cron: '* * * * *' }, run: async () => null });
    };
    // approval callbacks see the schema output too.
    defineWorkflow({
      ...base,
      approval: {
        approvers: (input) => {
          expectTypeOf(input.days).toEqualTypeOf<number>();
          return [input.user];
        },
      },
      run: async () => null,
    });
    expectTypeOf<WorkflowDefinition<typeof inputSchema, null>['access']>().toEqualTypeOf<'anyone' | 'team'>();
  });
});

describe('defineWorkflow checks (run time)', () => {
  it('rejects a non-kebab id, a missing title and an event trigger without events', () => {
    expect(() => defineWorkflow({ ...base, id: 'Grant_App', run: async () => null })).toThrow(WorkflowDefinitionError);
    expect(() => defineWorkflow({ ...base, id: 'grant-app-', run: async () => null })).toThrow(/kebab-case/);
    expect(() => defineWorkflow({ ...base, title: '  ', run: async () => null })).toThrow(/title is required/);
    expect(() => defineWorkflow({ ...base, trigger: { type: 'event', source: 'okta', events: [] }, run: async () => null })).toThrow(
      /an event trigger needs at least one event type/,
    );
    expect(() => defineWorkflow({ ...base, trigger: { type: 'event', source: 'okta', events: [] }, run: async () => null })).toThrow(WorkflowDefinitionError);
  });

  it('writes the input as JSON Schema with the described fields', () => {
    expect(grant.triggers).toEqual([{ type: 'manual' }]);
    const schema = grant.inputJsonSchema as { type?: unknown; properties?: Record<string, Record<string, unknown>>; required?: unknown };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['days', 'note', 'user']);
    expect(schema.properties?.user).toMatchObject({ type: 'string', description: 'Login or id of the user' });
    expect(schema.properties?.days).toMatchObject({ type: 'integer', default: 7 });
    expect(schema.properties?.note).toMatchObject({ type: 'string' });
    // Input side: a field with a default may be left out.
    expect(schema.required).toEqual(['user']);
  });
});
