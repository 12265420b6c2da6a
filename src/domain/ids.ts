/**
 * Branded identifiers: a subnet id can't be passed where a security group id is expected, even
 * though both are strings in a scenario file.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type VpcId = Brand<string, 'VpcId'>;
export type SubnetId = Brand<string, 'SubnetId'>;
export type InstanceId = Brand<string, 'InstanceId'>;
export type EniId = Brand<string, 'EniId'>;
export type ExternalHostId = Brand<string, 'ExternalHostId'>;
export type SecurityGroupId = Brand<string, 'SecurityGroupId'>;
export type NaclId = Brand<string, 'NaclId'>;
export type PrefixListId = Brand<string, 'PrefixListId'>;
export type InternetGatewayId = Brand<string, 'InternetGatewayId'>;

/** Anything that can send or receive a packet on the canvas. */
export type NodeId = InstanceId | ExternalHostId;
