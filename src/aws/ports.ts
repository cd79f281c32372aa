// Narrow ports over the SDK clients (aws-cdk-cli's IEC2Client pattern): the engine and the
// commands see only these methods, in imds's own records, never an SDK client or command.
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { STSClient } from "@aws-sdk/client-sts";
import type { AsffFinding } from "../core/asff.js";
import type {
  GroupRecord,
  LaunchConfigurationRecord,
  LaunchTemplateRecord,
  RefSlot,
  TemplateVersionData,
} from "../core/launch-types.js";
import type { Settings } from "../core/plan.js";
import type { RegionInfo } from "../core/scope.js";
import type {
  AccountDefaults,
  ImageLookup,
  ImageRecord,
  InstanceRecord,
  MetricSeries,
  TemplateVersionRecord,
} from "../core/types.js";
import { readGroups, readGroupsByName, readLaunchConfigurations, setGroupVersion } from "./autoscaling.js";
import {
  createVersion,
  deleteVersion,
  type NewVersion,
  readTemplateList,
  readVersionData,
  setDefaultVersion,
} from "./launch-templates.js";
import { type ImdsMetric, type MetricWindow, readMetric } from "./metrics.js";
import type { Pacers } from "./pacer.js";
import {
  callerIdentity,
  listRegions,
  readDefaults,
  readImages,
  readImagesById,
  readInstances,
  readTemplates,
} from "./reads.js";
import { activeFindings, type ImportResult, importFindings } from "./securityhub.js";
import { modifyDefaults, modifyInstance, readInstancesById } from "./writes.js";

/** What imds asks of EC2 in one region. */
export interface Ec2Port {
  listRegions(): Promise<RegionInfo[]>;
  readDefaults(): Promise<AccountDefaults>;
  /** With `onPage`, pages go there as they arrive and the result is empty. */
  readInstances(
    states: readonly string[],
    onPage?: (page: InstanceRecord[]) => void,
    /** Instances per page; imds's measured default unless a benchmark sweeps it. */
    pageSize?: number,
  ): Promise<InstanceRecord[]>;
  readInstancesById(ids: readonly string[]): Promise<InstanceRecord[]>;
  readTemplates(): Promise<TemplateVersionRecord[]>;
  readImages(): Promise<ImageRecord[]>;
  /** DescribeImages by id, any owner: what each AMI a template names says, or why it cannot be seen. */
  readImagesById(ids: readonly string[]): Promise<Map<string, ImageLookup>>;
  modifyDefaults(s: Settings, dryRun?: boolean): Promise<void>;
  modifyInstance(id: string, s: Settings, dryRun?: boolean): Promise<void>;
  /** Every later attempt of a paced action (retries included) takes a token from `pacers`. */
  paceWrites(pacers: Pacers): void;
  /** Launch templates with their tags and default and latest version numbers. */
  readTemplateList(): Promise<LaunchTemplateRecord[]>;
  readVersionData(
    templateId: string,
    which: { versions: readonly string[] } | { since: number },
  ): Promise<TemplateVersionData[]>;
  /** A version equal to its source but for the metadata options; returns its number. */
  createVersion(v: NewVersion, dryRun?: boolean): Promise<number>;
  setDefaultVersion(templateId: string, version: number, dryRun?: boolean): Promise<void>;
  deleteVersion(templateId: string, version: number, dryRun?: boolean): Promise<void>;
}

/** What imds asks of Auto Scaling in one region. Auto Scaling has no DryRun. */
export interface AutoScalingPort {
  readGroups(): Promise<GroupRecord[]>;
  readGroupsByName(names: readonly string[]): Promise<GroupRecord[]>;
  readLaunchConfigurations(): Promise<LaunchConfigurationRecord[]>;
  setGroupVersion(group: string, slot: RefSlot, templateId: string, version: string): Promise<void>;
  paceWrites(pacers: Pacers): void;
}

/** What imds asks of CloudWatch in one region. */
export interface MetricsPort {
  read(
    instanceIds: readonly string[],
    metric: ImdsMetric,
    window: MetricWindow,
  ): Promise<Map<string, MetricSeries>>;
}

/** What imds asks of Security Hub in one region. */
export interface SecurityHubPort {
  /** One BatchImportFindings call: at most 100 findings and 6 MB (the caller batches). */
  importFindings(findings: AsffFinding[]): Promise<ImportResult>;
  /** imds's active findings under `productArn`, every page. */
  activeFindings(productArn: string): Promise<AsffFinding[]>;
}

/** What imds asks of STS. */
export interface IdentityPort {
  whoAmI(): Promise<{ id: string; arn?: string }>;
}

/** `paceWrites`: gives the client's pacing (throttle.ts) the run's pacers. */
export function ec2Port(client: EC2Client, paceWrites: (pacers: Pacers) => void): Ec2Port {
  return {
    listRegions: () => listRegions(client),
    readDefaults: () => readDefaults(client),
    readInstances: (states, onPage, pageSize) => readInstances(client, states, onPage, pageSize),
    readInstancesById: (ids) => readInstancesById(client, ids),
    readTemplates: () => readTemplates(client),
    readImages: () => readImages(client),
    readImagesById: (ids) => readImagesById(client, ids),
    modifyDefaults: (s, dryRun) => modifyDefaults(client, s, dryRun),
    modifyInstance: (id, s, dryRun) => modifyInstance(client, id, s, dryRun),
    paceWrites,
    readTemplateList: () => readTemplateList(client),
    readVersionData: (id, which) => readVersionData(client, id, which),
    createVersion: (v, dryRun) => createVersion(client, v, dryRun),
    setDefaultVersion: (id, version, dryRun) => setDefaultVersion(client, id, version, dryRun),
    deleteVersion: (id, version, dryRun) => deleteVersion(client, id, version, dryRun),
  };
}

/** `paceWrites`: as for ec2Port. */
export function autoScalingPort(
  client: AutoScalingClient,
  paceWrites: (pacers: Pacers) => void,
): AutoScalingPort {
  return {
    readGroups: () => readGroups(client),
    readGroupsByName: (names) => readGroupsByName(client, names),
    readLaunchConfigurations: () => readLaunchConfigurations(client),
    setGroupVersion: (group, slot, id, version) => setGroupVersion(client, group, slot, id, version),
    paceWrites,
  };
}

export function metricsPort(client: CloudWatchClient): MetricsPort {
  return { read: (ids, metric, window) => readMetric(client, ids, metric, window) };
}

export function identityPort(client: STSClient): IdentityPort {
  return { whoAmI: () => callerIdentity(client) };
}

export function securityHubPort(client: SecurityHubClient): SecurityHubPort {
  return {
    importFindings: (findings) => importFindings(client, findings),
    activeFindings: (productArn) => activeFindings(client, productArn),
  };
}
