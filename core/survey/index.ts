export * from "./questionnaire";
export * from "./answers";
export * from "./rates";
export * from "./sampling";
