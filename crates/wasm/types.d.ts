/** One export file: its text, or its parsed JSON. The same inputs `exempt` reads:
 * Azure Resource Graph results (a bare array, `{data}` or `{value}`), REST list
 * responses and single `GET`s, `az account list`, assessment metadata, security
 * connectors, secure scores and controls, or Defender's CSV report (as text). */
export type ExportFile = string | object;

/** An exemption file as text (JSON, or JSON with comments), as parsed JSON, or
 * `undefined` or `null` for no exemptions. */
export type ExemptionFileInput = string | ExemptionFile | undefined | null;

/** Options of every question. */
export interface Options {
  /** When to judge expiry: a Date or an RFC 3339 string. Default: now. */
  at?: Date | string;
}

export type Cloud = "Azure" | "AWS" | "GCP";
export type ExemptionCategory = "mitigated" | "waiver";
export type Status = "Healthy" | "Unhealthy" | "NotApplicable";

/** One exemption, as the file format writes it. */
export interface Exemption {
  id?: string;
  name: string;
  description?: string;
  /** Any case is read. */
  cloud: Cloud | string;
  scopes: string[];
  /** Any case is read. */
  category: ExemptionCategory | string;
  expiresOn?: string;
  /** Assessment keys; or give `recommendationCategory`. */
  recommendations?: string[];
  recommendationCategory?: string;
  createdOn?: string;
  createdBy?: string;
  metadata?: unknown;
  /** Who answers for the accepted risk. Identities are recorded as given, not authenticated. */
  owner?: string;
  /** A ticket id or a URL. */
  ticket?: string;
  requestedBy?: string;
  requestedOn?: string;
  /** The decision on the request; `by` is never the requester. */
  approval?: Approval;
  [other: string]: unknown;
}

export interface Approval {
  by: string;
  on: string;
  decision: "approved" | "rejected";
  comment?: string;
}

/** The team's rules, in an exemption file's `policy`. */
export interface Policy {
  /** `"waiver"`: only waivers wait for approval. */
  requireApproval?: boolean | "waiver";
  /** No expiry further than this from the request; an expiry is then required. */
  maxDays?: number;
  requireTicket?: boolean;
  requireOwner?: boolean;
}

/** Where an exemption stands: only an active one applies. */
export type ExemptionState = "active" | "pending" | "rejected" | "expired";

/** `{ "exemptions": [...] }`, other top-level fields kept. */
export interface ExemptionFile {
  policy?: Policy;
  exemptions: Exemption[];
  [other: string]: unknown;
}

export interface Score {
  current: number;
  max: number;
  /** `current / max`, 0 when nothing counts. */
  percentage: number;
}

export interface Tally {
  healthy: number;
  unhealthy: number;
  notApplicable: number;
}

export interface ControlReport {
  id: string;
  displayName: string;
  max: number;
  current: number;
  healthy: number;
  unhealthy: number;
  notApplicable: number;
}

export type UnitKind = "subscription" | "securityConnector";

export interface UnitReport {
  id: string;
  kind: UnitKind;
  displayName?: string;
  current: number;
  max: number;
  percentage: number;
  /** Resources healthy or unhealthy in some control. */
  weight: number;
}

export interface ExemptionReport {
  name: string;
  category: ExemptionCategory;
  state: ExemptionState;
  active: boolean;
  matched: boolean;
  decided: number;
  resources: number;
  owner?: string;
  ticket?: string;
}

export interface AssessmentReport {
  /** The assessment's row id. */
  id: string;
  /** Status after exemptions. */
  status: Status;
  /** The deciding exemption, when one decides. */
  exemption: { name: string; category: ExemptionCategory } | null;
}

export type FindingKind = "unused" | "allHealthy" | "redundant" | "conflict" | "expired" | "expiring";

export interface FindingReport {
  kind: FindingKind;
  exemptions: string[];
  message: string;
}

export interface ExemptCount {
  /** The assessment key, or the subscription's (or connector's) id. */
  id: string;
  displayName: string | null;
  assessments: number;
}

/** Assessments Azure already exempts (status cause `Exempt`). */
export interface ExemptedInAzure {
  assessments: number;
  resources: number;
  /** Decided by an exemption in the file. */
  attributed: number;
  /** Decided by none: their status without exemptions is unknown. */
  unknown: number;
  byRecommendation: ExemptCount[];
  bySubscription: ExemptCount[];
}

/** Azure's own secure scores, when the exports had them. */
export interface ReportedByAzure {
  secureScore: Score | null;
  subscriptions: { id: string; secureScore: Score }[];
  managementGroups: { id: string; secureScore: Score }[];
  controls: { id: string; displayName: string | null; secureScore: Score; healthy: number; unhealthy: number; notApplicable: number }[];
}

/** What `exempt evaluate --at` prints as JSON. */
export interface EvaluationReport {
  evaluatedAt: string;
  secureScore: Score;
  secureScoreWithoutExemptions: Score;
  controls: ControlReport[];
  subscriptions: UnitReport[];
  exemptions: ExemptionReport[];
  assessments: AssessmentReport[];
  findings: FindingReport[];
  /** Present only when some exemptions wait for approval. */
  pending?: { exemptions: number; secureScoreIfApproved: Score };
  exemptedInAzure: ExemptedInAzure;
  /** Present only when the exports had Azure's secure scores. */
  reportedByAzure?: ReportedByAzure;
  warnings: string[];
}

export interface ControlImpact {
  id: string;
  displayName: string;
  before: Tally;
  after: Tally;
  pointsBefore: number;
  pointsAfter: number;
}

export interface UnitImpact {
  id: string;
  kind: UnitKind;
  displayName: string | null;
  before: Score;
  after: Score;
}

/** What adding a draft exemption would change. */
export interface WhatIfReport {
  /** Healthy or Unhealthy assessments the draft applies to. */
  matched: number;
  /** Of those, the ones no exemption decided before. */
  newlyExempt: number;
  /** Waived ones the (mitigating) draft would mark Healthy. */
  recategorized: number;
  /** Assessments Unhealthy now that would no longer be. */
  unhealthyResolved: number;
  /** Resources with at least one assessment whose status changes. */
  resources: number;
  secureScore: { before: Score; after: Score };
  controls: ControlImpact[];
  subscriptions: UnitImpact[];
}

export type Coverage =
  | { kind: "managementGroup"; path: string[] }
  | { kind: "subscription" }
  | { kind: "resourceGroup" }
  | { kind: "connector" }
  | { kind: "resource" }
  | { kind: "parent" };

export type Miss =
  | { kind: "notApplicable" }
  | { kind: "otherCloud"; exemption: Cloud; resource: Cloud }
  | { kind: "expired"; on: string }
  | { kind: "pending" }
  | { kind: "rejected"; by: string }
  | { kind: "notTargeted" }
  | { kind: "outsideScope" };

export interface Candidate {
  /** Position in the exemption file, from 0. */
  index: number;
  name: string;
  category: ExemptionCategory;
  /** The covering scope and how it covers, when the exemption applies. */
  applies: [string, Coverage] | null;
  /** Why not, when it does not. */
  miss: Miss | null;
}

/** What `exempt explain --format json` prints. */
export interface Explanation {
  assessment: string;
  resource: string;
  recommendation: string;
  rawStatus: Status;
  status: Status;
  candidates: Candidate[];
  /** Position of the deciding exemption. */
  decider: number | null;
  reason: string;
}

export interface Problem {
  /** The exemption's position in the file, from 1. */
  index: number;
  name: string | null;
  field: string;
  message: string;
  /** What to do about it; the error's own message (`ExemptError.message`) words it as the command line does. */
  hint: Hint | null;
}

/** What to do about an error, for a host that words it with its own controls. */
export type Hint =
  | "exemptionFile"
  | "exemptionsToImport"
  | "definitions"
  | "assignment"
  | "defenderFormats"
  | "policyArmOrTerraform";

/** The verdict of `validateExemptions`. */
export interface Validation {
  valid: boolean;
  /** When not valid: the whole message, one line per problem. */
  error: string | null;
  problems: Problem[];
  exemptions: number;
  active: number;
  expired: { name: string; expiresOn: string }[];
}

/** What the package throws for bad input: the command line's message, and where. */
export interface ExemptError extends Error {
  name: "ExemptError";
  kind: "input" | "exemptions" | "limit" | "notFound";
  file: string | null;
  row: number | null;
  field: string | null;
  problems: Problem[];
  hint: Hint | null;
}

/** The formats `exportExemptions` writes, as `exempt export --to` names them. */
export type ExportFormat =
  | "exempt"
  | "defender-arm"
  | "defender-terraform"
  | "azure-policy-arm"
  | "azure-policy-bicep"
  | "azure-policy-terraform"
  | "azure-policy-az"
  | "csv"
  | "csv-assessments"
  | "ics";

/** Options of `importExemptions` and `diffExemptions`. */
export interface ImportOptions {
  /** Initiative definitions (policySetDefinitions), assessment metadata, policy
   * assignments and security connectors, each a file's text or parsed JSON:
   * what maps Azure Policy exemptions to recommendations. Named
   * `definitions[0]`, … in messages. */
  definitions?: ExportFile[];
}

/** Options of `exportExemptions`. */
export interface ExportOptions extends ImportOptions {
  /** The environment's export files: a category exemption becomes the
   * recommendations of that category in them; `csv-assessments` evaluates them. */
  environment?: ExportFile[];
  /** When `csv-assessments` judges expiry and calendar events are stamped. Default: now. */
  at?: Date | string;
  /** Policy assignments exemptions refer to: ids, or a name (such as
   * `SecurityCenterBuiltIn`) for the assignment of that name at each subscription. */
  assignments?: string[];
  /** Only the scopes at or below this id. */
  within?: string;
}

/** Something `importExemptions` could not bring over, and why. */
export interface Rejected {
  file: string;
  /** The item's position in its file, from 1. */
  item: number;
  name: string | null;
  /** The field concerned, as the file spells it. */
  field: string;
  reason: string;
}

/** What `importExemptions` made of the files: what `exempt import` prints, and
 * what it lists on standard error. */
export interface ImportResult {
  file: ExemptionFile;
  rejected: Rejected[];
  /** What was changed on the way, such as a name already taken. */
  notes: string[];
}

/** What `exportExemptions` wrote, and what it left out. */
export interface ExportResult {
  text: string;
  notes: string[];
}

export interface FieldChange {
  /** As the exemption file names it. */
  field: string;
  ours: unknown;
  theirs: unknown;
}

export interface Change {
  name: string;
  fields: FieldChange[];
}

/** What `exempt diff --format json` prints. */
export interface Diff {
  equal: boolean;
  onlyInOurs: string[];
  onlyInTheirs: string[];
  changed: Change[];
  /** What importing either side could not bring over. */
  rejected: Rejected[];
}

/** A change to the exemptions a session holds, one key naming what to do. An
 * update finds its exemption by `id` (see `exemptions()`); a new exemption
 * without an id gets one. Names stay unique without regard to case. */
export type ExemptionEdit =
  | { create: Exemption }
  | { update: Exemption }
  | { renew: { id: string; expiresOn: string; justification: string } }
  | { delete: string }
  | { deleteAll: true }
  | { undo: true }
  | { approve: { id: string; by: string; comment?: string } }
  | { reject: { id: string; by: string; comment?: string } };

/** What every view shows of a session: counts, scores, and what is held. */
export interface WorkspaceStatus {
  /** Bumped on every change. */
  revision: number;
  assessments: number;
  resources: number;
  exemptions: number;
  score: Score;
  without: Score;
  dirty: boolean;
  /** Why the exemptions are held in memory only (always so in the package). */
  held: "Hosted" | "Generated" | null;
  /** The exemption `{ undo: true }` would bring back. */
  undo: string | null;
  conflicts: unknown[];
  /** Ids or names given twice, and how they were mended. */
  repairs: string[];
  setAside: number;
  findingsReady: boolean;
  worthReady: boolean;
}

/** One history entry: what happened to an exemption, in words. Who made an
 * edit is not recorded here: the package has no identities. */
export interface HistoryRow {
  /** RFC 3339. */
  at: string;
  id: string;
  /** The exemption's name then. */
  name: string;
  /** Whether it still exists. */
  exists: boolean;
  event: "Created" | "Edited" | "Renewed" | "Approved" | "Rejected" | "Expired" | "Deleted" | "Restored";
  /** The changes, in words (field: old → new). */
  details: string[];
}

/** The newest history entries that matched, and how many matched. */
export interface HistoryPage {
  rows: HistoryRow[];
  total: number;
}

/** One problem `lintExemptions` found (as `exempt lint --format json`). */
export interface LintFinding {
  /** A stable rule id, such as "EX101"; the README lists every rule with its source. */
  rule: string;
  level: "error" | "warning" | "note";
  /** The exemption's position in the file, from 1 (0: the file itself). */
  index: number;
  exemption: string | null;
  field: string | null;
  message: string;
  /** From 1, in the exemption file's text. */
  line: number;
  /** From 1, in characters. */
  column: number;
}

export interface LintReport {
  findings: LintFinding[];
  /** Rules that did not run for lack of an input. */
  skipped: { rule: string; needs: "environment" | "definitions" }[];
  errors: number;
  warnings: number;
  notes: number;
}
