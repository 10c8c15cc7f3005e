import { Construct } from "constructs";
import {
  IResolvable,
  IResolveContext,
  ITerraformDependable,
  ref,
  TerraformResource,
  TerraformResourceConfig,
  TerraformStack,
  Token,
} from "cdktf";

/*
 * cdktf makes a new token for every reference to a resource: its `fqn` (what `depends_on`
 * and other resources' references resolve to), each attribute read (`volume.path`) and each
 * `depends_on` entry. Each such token is an `Intrinsic` that records a full stack trace when
 * created (Error.stackTraceLimit raised to infinity, the trace formatted to strings). The
 * `fqn` tokens are created lazily while the stack is being resolved, hundreds of frames
 * deep, so each costs some 0.1 ms; in a 1000-scenario sweep they were a tenth of synth time.
 * The traces only decorate error messages about tokens that fail to resolve, which a
 * reference to a resource in its own stack never does.
 *
 * The tokens below resolve exactly as cdktf's `Reference` and `Dependable` do, without the
 * trace. A reference resolved in another stack (a cross-stack reference, which kvmbench does
 * not make) is handed to cdktf's own `ref()`, so it still gets its output and remote state.
 */

/** cdktf's `ref(identifier, originStack)` for use in the origin stack, without a creation stack trace. */
class LeanReference implements IResolvable {
  public readonly creationStack: string[] = [];
  /** cdktf's reference, made on first use from another stack (it keeps per-stack state). */
  private crossStack?: IResolvable;

  constructor(
    private readonly identifier: string,
    private readonly originStack: TerraformStack,
  ) {}

  public resolve(context: IResolveContext): string {
    if (TerraformStack.of(context.scope) !== this.originStack) {
      this.crossStack ??= ref(this.identifier, this.originStack);
      return this.crossStack.resolve(context) as string;
    }
    // As in cdktf's Reference: a reference inside an expression is written bare, on its own
    // in `${...}`, and everything it contains is an expression.
    const suppressBraces = context.suppressBraces;
    context.suppressBraces = true;
    return suppressBraces ? this.identifier : `\${${this.identifier}}`;
  }

  public toString(): string {
    return Token.asString(this);
  }

  /** As cdktf's tokens: JSON.stringify in error messages must not throw. */
  public toJSON(): string {
    return "<unresolved-token>";
  }
}

/** cdktf's `dependable(x)` (a `depends_on` entry), without a creation stack trace. */
class LeanDependable implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly dependable: ITerraformDependable) {}

  public resolve(context: IResolveContext): string {
    context.suppressBraces = true;
    return this.dependable.fqn;
  }

  public toString(): string {
    return Token.asString(this);
  }

  public toJSON(): string {
    return "<unresolved-token>";
  }
}

/**
 * A TerraformResource whose own references (`fqn`, attribute reads, `depends_on` entries)
 * are tokens without creation stack traces (see above). It synthesizes exactly what a
 * TerraformResource with the same config does.
 */
export abstract class LeanTerraformResource extends TerraformResource {
  private leanFqn?: string;

  constructor(scope: Construct, id: string, config: TerraformResourceConfig) {
    // TerraformResource would wrap each dependency with cdktf's dependable(); set them here.
    super(scope, id, { ...config, dependsOn: undefined });
    if (Array.isArray(config.dependsOn)) {
      this.dependsOn = config.dependsOn.map((dependency) => Token.asString(new LeanDependable(dependency)));
    }
  }

  /** `<type>.<logical id>`, as TerraformElement's `fqn`. */
  public get fqn(): string {
    this.leanFqn ??= Token.asString(new LeanReference(`${this.terraformResourceType}.${this.friendlyUniqueId}`, this.cdktfStack));
    return this.leanFqn;
  }

  /** `<type>.<logical id>[.*].<attribute>`, as TerraformResource's. */
  public interpolationForAttribute(terraformAttribute: string): IResolvable {
    return new LeanReference(`${this.terraformResourceType}.${this.friendlyUniqueId}${this.forEach ? ".*" : ""}.${terraformAttribute}`, this.cdktfStack);
  }
}

/**
 * The attributes without their undefined entries, at every depth of plain objects and arrays.
 *
 * The generated `*ToTerraform` mapping functions write every attribute of the provider
 * schema, mostly as `undefined` (a domain's devices block has a few hundred). cdktf drops
 * them only while resolving, and resolves each resource three times per synth (prepare,
 * element, stack), spending as much on an undefined entry as on a short string. Resolution
 * drops undefined object entries and array items alike, so leaving them out first
 * synthesizes the same JSON. Tokens and class instances are kept as they are.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== undefined).map((item: unknown) => withoutUndefined(item)) as T;
  }
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) result[key] = withoutUndefined(item);
  }
  return result as T;
}
