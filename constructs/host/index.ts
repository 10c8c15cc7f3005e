export * from "./host";
export * from "./host-step";
