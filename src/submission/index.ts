/** The submission stage: checking, staging and packing what a participant submits. */
export { stageSubmission, type StageResult, type StageRefusal } from './stage.js';
export { packSubmission, PackUsageError, type PackResult } from './pack.js';
export { submissionRules, reservedRootNames, type SubmissionRules } from './rules.js';
