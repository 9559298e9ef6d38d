import "reflect-metadata";
import type { InjectionToken } from "tsyringe";

/** A typed DI token. Use it with `@inject(token)`: podkit never relies on type-inferred injection. */
export type Token<T> = InjectionToken<T> & symbol & { readonly __type?: T };

/** Creates a unique, typed DI token with a readable name. */
export function createToken<T>(description: string): Token<T> {
  return Symbol(description) as Token<T>;
}

export type { DependencyContainer, InjectionToken } from "tsyringe";
export { container as rootContainer, inject, injectable, singleton } from "tsyringe";
