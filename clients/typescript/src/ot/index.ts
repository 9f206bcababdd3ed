export { TextOperation, OperationError, checkInsertedText, type Operation } from "./text-operation.js";
export { transformIndex, transformSelection, untransformIndex, type SelectionRange } from "./selection.js";
export { OtClient, type OtState } from "./ot-client.js";
